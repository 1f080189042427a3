namespace Pyflame.Core.Model;

/// <summary>
/// One Python thread's stack at the moment of a sample. <see cref="Frames"/> is innermost first
/// (index 0 is the running function). A thread whose stack could not be read consistently in an
/// all-threads sample has a <see cref="FailureReason"/> and no frames; the other threads of the sample still count.
/// </summary>
public sealed record ThreadStack(
    ulong ThreadStateAddress,
    ulong PthreadId,
    int NativeThreadId,
    string? Name,
    bool HoldsGil,
    bool IsIdle,
    IReadOnlyList<FrameInfo> Frames,
    ReadFailure? FailureReason = null)
{
    public bool IsFailed => FailureReason is not null;

    /// <summary>The process the stack belongs to; null unless several processes are profiled (<c>--subprocesses</c>).</summary>
    public SampleProcess? Process { get; init; }
}
