using Pyflame.TestSupport;

namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>
/// The CPythons of tests/pythons.list (through <see cref="TestPythons"/>). Theories run over <see cref="Present"/>;
/// <see cref="InterpreterPresenceTests"/> fails if any is missing, so nothing is skipped silently.
/// </summary>
public static class PythonInstallations
{
    internal static IReadOnlyList<PythonInstallation> Expected { get; } = [.. TestPythons.All.Select(python => new PythonInstallation(python))];

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

    internal static IReadOnlyList<string> RepresentativeNames { get; } = ["pyenv-2.7", "pyenv-3.6", "pyenv-3.11", "pyenv-3.13", "debian-3.14", "debian-3.15"];

    internal static IReadOnlyList<string> PresentNames() => [.. Expected.Where(p => p.IsPresent).Select(p => p.Name)];

    internal static IReadOnlyList<string> Missing() =>
        [.. TestPythons.Missing.Concat(Expected.Where(p => p.Python.IsPresent && !p.IsPresent).Select(p => $"{p.Name} (no gcc to build the embed host)"))];

    internal static PythonInstallation Get(string name) =>
        Expected.SingleOrDefault(p => p.Name == name) ?? throw new ArgumentException($"unknown interpreter {name}", nameof(name));
}
