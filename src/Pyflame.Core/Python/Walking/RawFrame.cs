namespace Pyflame.Core.Python.Walking;

/// <summary>
/// A frame of a thread's chain as found in memory: the frame's address and its code object's (what -d --locals reads
/// variables from). <see cref="FrameChain"/> lists them beside the frames it reports, so the two pair up exactly.
/// </summary>
public readonly record struct RawFrame(ulong Frame, ulong Code);
