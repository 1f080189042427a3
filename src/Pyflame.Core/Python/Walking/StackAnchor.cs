namespace Pyflame.Core.Python.Walking;

/// <summary>
/// What a non-blocking walk needs afterwards to turn its snapshot into one real stack.
/// <para>
/// The callers: <see cref="Frame"/> is the top frame's caller (or the top itself when it has none), with its code
/// object and its own caller link. If they changed while the walk read them, the frames it read may mix two stacks.
/// </para>
/// <para>
/// The top: a leaf function returns and the next one is called every few microseconds, so the snapshot's top frame
/// may already be stale (returned, its line at the return) by the time the walk reads it. Rejecting such samples
/// would throw away mostly short functions and bias the profile; instead the thread's top is read again right
/// after the walk and spliced onto the callers where its caller link (<see cref="TopNext"/>) says it belongs.
/// </para>
/// </summary>
/// <param name="TopFrame">The snapshot's top frame, if it was a code frame (not a 3.11+ shim); else 0.</param>
/// <param name="TopNext">That frame's caller link.</param>
public readonly record struct StackAnchor(ulong Frame, ulong Code, ulong Next, ulong TopFrame, ulong TopNext);
