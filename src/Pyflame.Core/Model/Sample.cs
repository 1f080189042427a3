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
