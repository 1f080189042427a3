namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>
/// The CPythons this machine kind is expected to have. Theories run over <see cref="Present"/>;
/// <see cref="InterpreterPresenceTests"/> fails if any is missing, so nothing is skipped silently.
/// </summary>
public static class PythonInstallations
{
    private const string PyenvRoot = "/root/.pyenv/versions";

    internal static IReadOnlyList<PythonInstallation> Expected { get; } =
    [
        Pyenv("2.7.18"), Pyenv("3.6.15"), Pyenv("3.7.16"), Pyenv("3.8.18"), Pyenv("3.9.18"),
        Pyenv("3.10.13"), Pyenv("3.11.7"), Pyenv("3.12.1"), Pyenv("3.13.0"),
        // Debian's build: static libpython, non-PIE, stripped.
        new("debian-3.11", 3, 11, InterpreterKind.Executable, "/usr/bin/python3.11"),
        // uWSGI-style embedding of pyenv's shared libpython3.11 in a program not called python.
        new("embedded-3.11", 3, 11, InterpreterKind.EmbedHost, $"{PyenvRoot}/3.11.7/bin/python3.11-config"),
    ];

    /// <summary>MemberData: the name of every expected installation present on this machine.</summary>
    public static TheoryData<string> Present()
    {
        var data = new TheoryData<string>();
        foreach (string name in PresentNames())
        {
            data.Add(name);
        }

        return data;
    }

    /// <summary>
    /// MemberData for tests whose subject does not depend on the interpreter's internals (signals,
    /// files, formats): the oldest 2.x and 3.x layouts, the 3.11 frame rewrite and the newest.
    /// </summary>
    public static TheoryData<string> Representative()
    {
        var data = new TheoryData<string>();
        foreach (string name in RepresentativeNames.Where(n => PresentNames().Contains(n)))
        {
            data.Add(name);
        }

        return data;
    }

    /// <summary>
    /// MemberData for features tested on a spread of versions rather than all: 2.7, 3.9 (last heap-frame 3.x with a
    /// per-interpreter collector), 3.12 (per-interpreter GIL) and the newest.
    /// </summary>
    public static TheoryData<string> Spread()
    {
        var data = new TheoryData<string>();
        foreach (string name in SpreadNames.Where(n => PresentNames().Contains(n)))
        {
            data.Add(name);
        }

        return data;
    }

    internal static IReadOnlyList<string> SpreadNames { get; } = ["pyenv-2.7", "pyenv-3.9", "pyenv-3.12", "pyenv-3.13"];

    internal static IReadOnlyList<string> RepresentativeNames { get; } = ["pyenv-2.7", "pyenv-3.6", "pyenv-3.11", "pyenv-3.13"];

    internal static IReadOnlyList<string> PresentNames() => [.. Expected.Where(p => p.IsPresent).Select(p => p.Name)];

    internal static IReadOnlyList<string> Missing() => [.. Expected.Where(p => !p.IsPresent).Select(p => $"{p.Name} ({p.Path})")];

    internal static PythonInstallation Get(string name) =>
        Expected.SingleOrDefault(p => p.Name == name) ?? throw new ArgumentException($"unknown interpreter {name}", nameof(name));

    private static PythonInstallation Pyenv(string version)
    {
        string[] parts = version.Split('.');
        int major = int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
        int minor = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        return new($"pyenv-{major}.{minor}", major, minor, InterpreterKind.Executable, $"{PyenvRoot}/{version}/bin/python");
    }
}
