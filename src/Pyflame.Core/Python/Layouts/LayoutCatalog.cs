using System.Diagnostics.CodeAnalysis;

namespace Pyflame.Core.Python.Layouts;

/// <summary>
/// Picks the offset table for a target's CPython version. Tables are generated per minor version
/// (<see cref="GeneratedLayouts"/>); the few patch-level differences that are known are applied here.
/// On 3.13+ prefer <see cref="DebugOffsetsReader"/>, which reads the target's own offsets.
/// </summary>
public static class LayoutCatalog
{
    /// <summary>The exact versions whose headers the tables were generated from.</summary>
    public static IReadOnlyList<PythonVersion> Supported { get; } =
        GeneratedLayouts.All.Select(layout => layout.Version).ToArray();

    /// <summary>
    /// Finds the table for <paramref name="version"/>'s major.minor. The returned layout carries the
    /// target's full version (patch included), so version-derived behaviour sees the real patch level.
    /// </summary>
    public static bool TryGet(PythonVersion version, [MaybeNullWhen(false)] out PyLayout layout)
    {
        layout = null;
        PyLayout? table = GeneratedLayouts.All.FirstOrDefault(
            candidate => candidate.Version.Major == version.Major && candidate.Version.Minor == version.Minor);
        if (table is null)
        {
            return false;
        }

        layout = ApplyPatchLevel(table with { Version = version });
        return true;
    }

    private static PyLayout ApplyPatchLevel(PyLayout layout)
    {
        PythonVersion version = layout.Version;

        // _PyRuntimeState grew by 88 bytes in 3.7.4: gilstate.tstate_current is 1392 in 3.7.0-3.7.3 and
        // 1480 from 3.7.4 (cpython-internals.md section 2.1, from py-spy's table; not measured here).
        // The growth lies somewhere between `exitfuncs` and the end of `ceval`, so ceval.gil may have
        // moved too: its fields are unknown for these patch levels, and -1 is safer than a guess.
        if (version.Major == 3 && version.Minor == 7 && version.Patch is >= 0 and <= 3)
        {
            return layout with
            {
                Source = layout.Source + ", 3.7.0-3.7.3 tstate_current",
                RuntimeTstateCurrent = 1392,
                RuntimeGilLocked = -1,
                RuntimeGilLastHolder = -1,
            };
        }

        return layout;
    }
}
