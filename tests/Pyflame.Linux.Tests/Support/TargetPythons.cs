using Pyflame.TestSupport;

namespace Pyflame.Linux.Tests.Support;

/// <summary>
/// The executable interpreters of tests/pythons.list (through <see cref="TestPythons"/>). Theories run over the
/// present ones; <see cref="TargetPythonsFacts"/> fails when one is missing, so a vanished interpreter is never a
/// silent pass.
/// </summary>
internal static class TargetPythons
{
    public static IReadOnlyList<string> Missing => TestPythons.Missing;

    /// <summary>xunit MemberData: the name of every present interpreter run as a python executable.</summary>
    public static TheoryData<string> Present() => TestPythons.PresentNames(python => python.Kind == TestPythonKind.Executable);
}
