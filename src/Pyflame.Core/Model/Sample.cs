namespace Pyflame.Core.Model;

/// <summary>One tick of the sampler: a timestamp and the stacks read at that moment.</summary>
public sealed record Sample(
    long TimestampMicroseconds,
    SampleOutcome Outcome,
    IReadOnlyList<ThreadStack> Threads,
    ReadFailure? FailureReason = null)
{
    /// <summary>Threads of an all-threads sample whose own stack could not be read (the others kept theirs).</summary>
    public int FailedThreadCount
    {
        get
        {
            int count = 0;
            for (int i = 0; i < Threads.Count; i++)
            {
                count += Threads[i].IsFailed ? 1 : 0;
            }

            return count;
        }
    }

    /// <summary>
    /// Whether <paramref name="thread"/> of this sample shows as <c>(idle)</c> with <c>--threads</c>: not failed, and
    /// idle, without frames, or in a sample that found the process idle. The one home of the rule every per-thread
    /// consumer (aggregator, timeline, <c>-T</c>) applies, so their counts agree; <c>-x</c> drops exactly these.
    /// </summary>
    public bool ShowsIdle(ThreadStack thread) =>
        !thread.IsFailed && (thread.IsIdle || thread.Frames.Count == 0 || Outcome == SampleOutcome.Idle);

    /// <summary>The process sampled; null unless several processes are profiled (<c>--subprocesses</c>).</summary>
    public SampleProcess? Process { get; init; }

    /// <summary>
    /// GIL mode's stack for a sample of one process of several that found no holder (Idle) or could not be read
    /// (Failed): <c>(process PID COMMAND);(idle)</c> or <c>;(failed)</c>, so each process's waiting and failures stay
    /// under its root, where its threads' stacks are. Null otherwise (the run's own <c>(idle)</c>/<c>(failed)</c> count it).
    /// </summary>
    public IReadOnlyList<FrameInfo>? ProcessPseudoStack => Process is null ? null : Outcome switch
    {
        SampleOutcome.Idle => Process.IdleStack,
        SampleOutcome.Failed => Process.FailedStack,
        _ => null,
    };
}
