using Pyflame.Core.Model;
using Pyflame.Core.Python.Threads;
using Pyflame.Core.Python.Walking;
using Pyflame.Core.Targets;

namespace Pyflame.Core.Sampling;

/// <summary>
/// What both sample takers share: the scratch lists a sample is read into (thread list, GIL holders, the frames of
/// the last walk) and the way a sample is put together from them (idle, failed, a GIL holder's stack, one thread's
/// part of an all-threads sample with its name and activity).
/// </summary>
internal sealed class SampleAssembler(IThreadActivityProbe? activity, ThreadNameCache? names)
{
    public List<ThreadRecord> Threads { get; } = [];

    public List<ulong> GilHolders { get; } = [];

    /// <summary>The frames of the last walk, innermost first.</summary>
    public List<FrameInfo> Frames { get; } = [];

    /// <summary>Reads the listed threads' names (at most every so often; see <see cref="ThreadNameCache"/>).</summary>
    public void UpdateNames() => names?.Update(Threads);

    /// <summary>Starts a sample: all-threads samples capture the threads' activity before any stack is read.</summary>
    public void BeginSample(bool allThreads)
    {
        if (allThreads)
        {
            activity?.Capture();
        }
    }

    public static Sample Idle(long timestamp) => new(timestamp, SampleOutcome.Idle, []);

    public static Sample Failed(long timestamp, ReadFailure? reason) => new(timestamp, SampleOutcome.Failed, [], reason);

    /// <summary>A GIL holder with no Python frame is in C code (start-up, shutdown, a C extension's callback setup).</summary>
    public Sample GilHolderSample(long timestamp, ThreadRecord holder) =>
        Frames.Count == 0
            ? Idle(timestamp)
            : new Sample(timestamp, SampleOutcome.Stacks, [ToStack(holder, name: null, holdsGil: true, idle: false)]);

    /// <summary>
    /// An all-threads sample: one unreadable thread fails alone (the others keep their stacks); only when every
    /// thread read failed is the whole sample failed.
    /// </summary>
    public static Sample AllThreadsSample(long timestamp, List<ThreadStack> stacks, ReadFailure? lastError)
    {
        if (stacks.Count == 0)
        {
            return Idle(timestamp);
        }

        return stacks.TrueForAll(static stack => stack.IsFailed)
            ? Failed(timestamp, lastError)
            : new Sample(timestamp, SampleOutcome.Stacks, stacks);
    }

    public ThreadStack FailedThread(ThreadRecord thread, ReadFailure? error) =>
        new(thread.ThreadState, thread.PthreadId, thread.NativeThreadId, names?.NameOf(thread),
            GilHolders.Contains(thread.ThreadState), IsIdle: false, [], error ?? ReadFailure.Unreadable("the stack could not be read"));

    /// <summary>The stack just walked (in <see cref="Frames"/>) as one thread's part of an all-threads sample.</summary>
    public ThreadStack ThreadSample(ThreadRecord thread)
    {
        bool holdsGil = GilHolders.Contains(thread.ThreadState);
        return ToStack(thread, names?.NameOf(thread), holdsGil, idle: !holdsGil && !IsRunning(thread.NativeThreadId));
    }

    /// <summary>Without an OS answer a thread counts as running, so no time is hidden as idle by guesswork.</summary>
    private bool IsRunning(int nativeThreadId) =>
        activity is null || !activity.TryIsRunning(nativeThreadId, out bool running) || running;

    private ThreadStack ToStack(ThreadRecord thread, string? name, bool holdsGil, bool idle) =>
        new(thread.ThreadState, thread.PthreadId, thread.NativeThreadId, name, holdsGil, idle, Frames.ToArray());
}
