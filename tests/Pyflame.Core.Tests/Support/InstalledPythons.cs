using Pyflame.Core.Python;

namespace Pyflame.Core.Tests.Support;

/// <summary>
/// The interpreters this machine kind is expected to have (pyenv shared builds plus Debian's static
/// python3.11). Theories run only over the present ones; <see cref="MissingExpected"/> lets a separate
/// test fail loudly when one is absent, so a missing interpreter is never a silent pass.
/// Set PYFLAME_ALLOW_MISSING_PYTHONS=1 to accept missing interpreters on a different machine.
/// </summary>
public static class InstalledPythons
{
    public const string AllowMissingVariable = "PYFLAME_ALLOW_MISSING_PYTHONS";

    public static IReadOnlyList<InstalledPython> Expected { get; } =
    [
        Pyenv(2, 7, 18),
        Pyenv(3, 6, 15),
        Pyenv(3, 7, 16),
        Pyenv(3, 8, 18),
        Pyenv(3, 9, 18),
        Pyenv(3, 10, 13),
        Pyenv(3, 11, 7),
        Pyenv(3, 12, 1),
        Pyenv(3, 13, 0),
        new InstalledPython("debian-3.11.2", "/usr/bin/python3.11", new PythonVersion(3, 11, 2)),
    ];

    public static IEnumerable<InstalledPython> Present => Expected.Where(python => python.IsPresent);

    public static IReadOnlyList<InstalledPython> MissingExpected =>
        Environment.GetEnvironmentVariable(AllowMissingVariable) == "1"
            ? []
            : Expected.Where(python => !python.IsPresent).ToList();

    /// <summary>xunit MemberData: labels of every present interpreter.</summary>
    public static TheoryData<string> PresentLabels() => ToTheoryData(Present);

    /// <summary>xunit MemberData: labels of every present 3.x interpreter.</summary>
    public static TheoryData<string> PresentPython3Labels() => ToTheoryData(Present.Where(python => python.Version.Major == 3));

    public static InstalledPython Get(string label) => Expected.Single(python => python.Label == label);

    private static InstalledPython Pyenv(int major, int minor, int patch) =>
        new($"{major}.{minor}.{patch}", $"/root/.pyenv/versions/{major}.{minor}.{patch}/bin/python", new PythonVersion(major, minor, patch));

    private static TheoryData<string> ToTheoryData(IEnumerable<InstalledPython> pythons)
    {
        var data = new TheoryData<string>();
        foreach (InstalledPython python in pythons)
        {
            data.Add(python.Label);
        }

        return data;
    }
}
