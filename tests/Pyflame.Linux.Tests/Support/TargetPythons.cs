namespace Pyflame.Linux.Tests.Support;

/// <summary>
/// The interpreters this machine kind is expected to have (pyenv shared builds plus Debian's static,
/// stripped python3.11). Theories run over the present ones; <see cref="TargetPythonsFacts"/> fails
/// when one is missing, so a vanished interpreter is never a silent pass.
/// Set PYFLAME_ALLOW_MISSING_PYTHONS=1 to accept missing interpreters on a different machine.
/// </summary>
internal static class TargetPythons
{
    public static IReadOnlyList<string> Expected { get; } =
    [
        "/root/.pyenv/versions/2.7.18/bin/python",
        "/root/.pyenv/versions/3.6.15/bin/python",
        "/root/.pyenv/versions/3.7.16/bin/python",
        "/root/.pyenv/versions/3.8.18/bin/python",
        "/root/.pyenv/versions/3.9.18/bin/python",
        "/root/.pyenv/versions/3.10.13/bin/python",
        "/root/.pyenv/versions/3.11.7/bin/python",
        "/root/.pyenv/versions/3.12.1/bin/python",
        "/root/.pyenv/versions/3.13.0/bin/python",
        "/usr/bin/python3.11",
    ];

    public static IReadOnlyList<string> Missing =>
        Environment.GetEnvironmentVariable("PYFLAME_ALLOW_MISSING_PYTHONS") == "1"
            ? []
            : Expected.Where(path => !File.Exists(path)).ToList();

    /// <summary>xunit MemberData: every expected interpreter that exists here.</summary>
    public static TheoryData<string> Present()
    {
        TheoryData<string> data = [];
        foreach (string path in Expected.Where(File.Exists))
        {
            data.Add(path);
        }

        return data;
    }
}
