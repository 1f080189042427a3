using Pyflame.Core.Python.Layouts;
using Pyflame.Core.Sampling;

namespace Pyflame.Core.Python;

/// <summary>
/// Version policy in one place: which CPythons Pyflame reads (one generated layout per minor version, plus a
/// <c>_Py_DebugOffsets</c> schema from 3.13 on), how an unsupported one is explained, and which sampling mode is
/// the default for a version. Per-version algorithms (frame chain, line table, GIL) stay derived properties of
/// <see cref="PyLayout"/>.
/// </summary>
public static class SupportedPythons
{
    /// <summary>The minor versions with a generated layout, oldest first (patch = the headers' release).</summary>
    public static IReadOnlyList<PythonVersion> Versions { get; } = [.. GeneratedLayouts.All.Select(layout => layout.Version).Order()];

    public static PythonVersion Newest => Versions[^1];

    /// <summary>"2.7 and 3.6-3.15": for the help text and messages.</summary>
    public static string Summary { get; } = string.Join(" and ", Versions
        .GroupBy(version => version.Major)
        .Select(major => major.Count() == 1
            ? $"{major.Key}.{major.First().Minor}"
            : $"{major.Key}.{major.First().Minor}-{major.Key}.{major.Last().Minor}"));

    /// <summary>3.13+ publish their own offsets (<see cref="DebugOffsetsSchemas"/>).</summary>
    public static bool HasDebugOffsets(PythonVersion version) =>
        version.AtLeast(DebugOffsetsSchemas.First.Major, DebugOffsetsSchemas.First.Minor);

    /// <summary>One line saying why <paramref name="version"/> cannot be read.</summary>
    public static string DescribeUnsupported(PythonVersion version) =>
        version > new PythonVersion(Newest.Major, Newest.Minor, int.MaxValue)
            ? $"Python {version.Major}.{version.Minor} is newer than this Pyflame supports (newest: {Newest.Major}.{Newest.Minor}); a newer Pyflame may read it"
            : $"Python {version.Major}.{version.Minor} is not supported (supported: {Summary})";

    /// <summary>
    /// The default sampling mode. Before 3.11 a frame read while its thread runs often shows its return line, and
    /// nothing read tells that it does: pause for every sample. On 3.11+ a stack read while its thread runs is checked
    /// (its callers held still; <see cref="NonBlockingSampleTaker"/>), and real code read that way
    /// (CPython's test modules, pylint; RealApplicationTests) had 0.8-5.4 % of samples fail the check, above the 0.5 %
    /// a default may lose: those, and only those, are read again paused (<see cref="PausingWhenTornSampleTaker"/>).
    /// </summary>
    public static PausePolicy DefaultPausePolicy(PythonVersion version) =>
        version.AtLeast(3, 11) ? PausePolicy.WhenTorn : PausePolicy.Always;
}
