using Pyflame.Core.Model;

namespace Pyflame.Core.Python.Walking;

/// <summary>
/// What the walker keeps of one code object: its identity (the pointers and first line in its header,
/// to notice when a freed code object's address is reused), names, line table, and the frames already
/// resolved for its instruction offsets.
/// </summary>
internal sealed class CodeInfo(CodeIdentity identity, string file, string name, byte[] lineTable, int flags)
{
    public CodeIdentity Identity { get; } = identity;

    public string File { get; } = file;

    public string Name { get; } = name;

    public byte[] LineTable { get; } = lineTable;

    /// <summary>co_flags: whether the code is a generator's or coroutine's (see <see cref="Layouts.PyLayout.SuspendableCodeFlags"/>).</summary>
    public int Flags { get; } = flags;

    public Dictionary<int, FrameInfo> FramesByOffset { get; } = [];

    /// <summary>The sample in which the header was last found unchanged (see <see cref="CodeObjectCache.BeginSample"/>).</summary>
    public int ValidatedInSample { get; set; }
}
