using Pyflame.Core.Model;

namespace Pyflame.Core.Aggregation;

/// <summary>One distinct stack and how many times it was seen.</summary>
/// <param name="Frames">The frames, OUTERMOST first (the reverse of <see cref="ThreadStack.Frames"/>).</param>
/// <param name="Count">Number of times this stack was counted.</param>
/// <param name="IsIdle">
/// Per-thread mode only: the thread was idle (not running Python code) while in this stack. Writers
/// show this as an <c>(idle)</c> frame between the thread root and <see cref="Frames"/>.
/// </param>
/// <param name="IsFailed">Per-thread mode only: this thread's stack could not be read (writers show <c>(failed)</c> under its root).</param>
public sealed record StackCount(IReadOnlyList<FrameInfo> Frames, long Count, bool IsIdle, bool IsFailed = false);
