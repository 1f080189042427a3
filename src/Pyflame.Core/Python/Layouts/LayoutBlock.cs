using Pyflame.Core.Targets;

namespace Pyflame.Core.Python.Layouts;

/// <summary>
/// The buffer one structure (thread state, frame, code object) is read into: from its start to past its last
/// field the walker uses. The offsets can come from the target itself (3.13+ <c>_Py_DebugOffsets</c>), so a
/// corrupt or hostile table must not size an allocation: beyond <see cref="MaxBytes"/> the layout is refused.
/// </summary>
internal static class LayoutBlock
{
    /// <summary>Far above any field the walker reads in CPython 2.7-3.13 (the largest is below 400 bytes).</summary>
    public const int MaxBytes = 4096;

    /// <summary>A buffer reaching 8 bytes past the largest offset; throws <see cref="TargetException"/> beyond <see cref="MaxBytes"/>.</summary>
    public static byte[] Create(string structure, params int[] offsets)
    {
        int end = offsets.Max();
        if (end > MaxBytes - sizeof(ulong))
        {
            throw new TargetException(
                $"the target's Python layout puts a {structure} field at byte {end}, beyond any CPython's; its _Py_DebugOffsets look corrupt (--abi picks a built-in layout)");
        }

        return new byte[Math.Max(end, 0) + sizeof(ulong)];
    }
}
