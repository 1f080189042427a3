namespace Pyflame.Core.Python.Locals;

/// <summary>A frame of a thread's chain as found in memory: the frame's address and its code object's.</summary>
public readonly record struct RawFrame(ulong Frame, ulong Code);
