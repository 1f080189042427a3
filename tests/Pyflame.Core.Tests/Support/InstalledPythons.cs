using Pyflame.TestSupport;

namespace Pyflame.Core.Tests.Support;

/// <summary>
/// The python executables of tests/pythons.list (through <see cref="TestPythons"/>). Theories run only over the
/// present ones; <see cref="MissingExpected"/> lets a separate test fail loudly when one is absent, so a missing
/// interpreter is never a silent pass. Set PYFLAME_ALLOW_MISSING_PYTHONS=1 to accept missing interpreters on a
/// different machine.
/// </summary>
public static class InstalledPythons
{
    public const string AllowMissingVariable = TestPythons.AllowMissingVariable;

    public static IReadOnlyList<InstalledPython> Expected { get; } =
        [.. TestPythons.All.Where(python => python.Kind == TestPythonKind.Executable).Select(python => new InstalledPython(python))];

    public static IEnumerable<InstalledPython> Present => Expected.Where(python => python.IsPresent);

    public static IReadOnlyList<string> MissingExpected => TestPythons.Missing;

    /// <summary>xunit MemberData: labels of every present interpreter.</summary>
    public static TheoryData<string> PresentLabels() => ToTheoryData(Present);

    /// <summary>xunit MemberData: labels of every present 3.x interpreter.</summary>
    public static TheoryData<string> PresentPython3Labels() => ToTheoryData(Present.Where(python => python.Version.Major == 3));

    public static InstalledPython Get(string label) => Expected.Single(python => python.Label == label);

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
