namespace Pyflame.Core.Python.Walking;

/// <summary>
/// What a non-blocking walk checks afterwards to know it read one real stack: the caller of the top frame (or the
/// top itself when it has no caller), its code object and its own caller link. If they changed while the walk
/// read them, the frames it read may mix two stacks. The top itself is not checked: a leaf function returns and
/// the next one is called every few microseconds, and rejecting (and re-taking) those samples would land later,
/// after the change, and bias the profile against short functions.
/// </summary>
internal readonly record struct StackAnchor(ulong Frame, ulong Code, ulong Next);
