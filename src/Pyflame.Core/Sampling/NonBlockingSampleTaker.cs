using Pyflame.Core.Memory;
using Pyflame.Core.Model;
using Pyflame.Core.Python.Threads;
using Pyflame.Core.Python.Walking;
using Pyflame.Core.Targets;

namespace Pyflame.Core.Sampling;

/// <summary>
/// Non-blocking mode: the target runs on while it is read, so frames can be popped and reused under the reader. A
/// sample reads in batches of the pages each step used last time (<see cref="ReadPhase"/>): the thread state(s) and
/// top frames first, together (a top frame read long after the pointer to it has often returned), then the callers
/// and code objects. Then each stack's anchor (the top frame's caller, see <see cref="StackAnchor"/>) is read
/// again: a stack counts only if its callers held still over the walk. One that moved is read again from the
/// thread state, and after <see cref="Attempts"/> walks counts as failed, so torn stacks become (failed) samples
/// the summary reports, never wrong ones.
/// </summary>
public sealed class NonBlockingSampleTaker : ISampleSource
{
    /// <summary>Walks tried per thread and sample.</summary>
    private const int Attempts = 3;

    private readonly StackWalker _walker;
    private readonly PageCacheMemoryReader? _pageCache;
    private readonly SampleAssembler _assembler;
    private readonly List<StackAnchor> _anchors = [];
    private readonly List<ThreadStack?> _walkedStacks = [];
    private readonly List<bool> _walkedEmpty = [];

    /// <param name="names">Fills <see cref="ThreadStack.Name"/> in all-threads samples; null leaves names empty.</param>
    /// <param name="pageCache">The page cache the walker reads through, if any: refreshed at each step.</param>
    public NonBlockingSampleTaker(
        StackWalker walker,
        IThreadActivityProbe? activity,
        ThreadNameCache? names = null,
        PageCacheMemoryReader? pageCache = null)
    {
        _walker = walker;
        _pageCache = pageCache;
        _assembler = new SampleAssembler(activity, names);
    }

    private List<ThreadRecord> Threads => _assembler.Threads;

    private List<ulong> GilHolders => _assembler.GilHolders;

    private List<FrameInfo> Frames => _assembler.Frames;

    /// <summary>Nothing is traced, so nothing waits to be serviced.</summary>
    public void ServiceTarget()
    {
    }

    public Sample Take(long timestampMicroseconds, bool allThreads)
    {
        _walker.BeginSample();
        _assembler.BeginSample(allThreads);
        return allThreads ? TakeAll(timestampMicroseconds) : TakeGilHolder(timestampMicroseconds);
    }

    /// <summary>Forgets what was read (the target ran since) and prefetches what <paramref name="phase"/> needed last time.</summary>
    private void BeginPhase(ReadPhase phase) => _pageCache?.BeginPhase(phase);

    private Sample TakeGilHolder(long timestamp)
    {
        BeginPhase(ReadPhase.Walk);
        if (!_walker.TryReadGilHolders(GilHolders))
        {
            return SampleAssembler.Failed(timestamp, "the interpreter is not initialised (or already finalised)");
        }

        if (GilHolders.Count == 0)
        {
            return SampleAssembler.Idle(timestamp);
        }

        if (!_walker.TryReadThread(GilHolders[0], out ThreadRecord holder))
        {
            return SampleAssembler.Failed(timestamp, "the GIL holder's thread state is unreadable");
        }

        _ = _walker.TryPeekFrame(holder.TopFrame);
        _pageCache?.ContinuePhase(ReadPhase.Callers);
        bool walked = _walker.TryWalk(holder.TopFrame, Frames, out string? error);
        StackAnchor anchor = _walker.AnchorOfLastWalk;
        BeginPhase(ReadPhase.Recheck);
        if (!(walked && _walker.IsUnchanged(anchor)) && !TryWalkAgain(ref holder, out error))
        {
            return SampleAssembler.Failed(timestamp, error);
        }

        return _assembler.GilHolderSample(timestamp, holder);
    }

    private Sample TakeAll(long timestamp)
    {
        BeginPhase(ReadPhase.Walk);
        if (!_walker.TryReadThreads(Threads, GilHolders, out string? error))
        {
            return SampleAssembler.Failed(timestamp, error);
        }

        foreach (ThreadRecord thread in Threads)
        {
            _ = _walker.TryPeekFrame(thread.TopFrame);
        }

        _pageCache?.ContinuePhase(ReadPhase.Callers);
        _assembler.UpdateNames();
        _anchors.Clear();
        _walkedStacks.Clear();
        _walkedEmpty.Clear();
        foreach (ThreadRecord thread in Threads)
        {
            bool walked = _walker.TryWalk(thread.TopFrame, Frames, out _);
            _anchors.Add(walked ? _walker.AnchorOfLastWalk : default);
            _walkedEmpty.Add(walked && Frames.Count == 0);
            _walkedStacks.Add(walked && Frames.Count > 0 ? _assembler.ThreadSample(thread) : null);
        }

        // One batch re-reads every anchor; only the stacks whose callers moved are read again.
        BeginPhase(ReadPhase.Recheck);
        List<ThreadStack> stacks = new(Threads.Count);
        string? lastError = null;
        for (int i = 0; i < Threads.Count; i++)
        {
            if (_walkedStacks[i] is not null && !_walker.IsUnchanged(_anchors[i]))
            {
                _walkedStacks[i] = null;
            }
        }

        for (int i = 0; i < Threads.Count; i++)
        {
            ThreadStack? stack = _walkedStacks[i];
            if (stack is null && !_walkedEmpty[i])
            {
                ThreadRecord thread = Threads[i];
                if (TryWalkAgain(ref thread, out error))
                {
                    stack = Frames.Count == 0 ? null : _assembler.ThreadSample(thread);
                }
                else
                {
                    lastError = error;
                    stack = _assembler.FailedThread(thread, error);
                }
            }

            if (stack is not null)
            {
                stacks.Add(stack);
            }
        }

        return SampleAssembler.AllThreadsSample(timestamp, stacks, lastError);
    }

    /// <summary>
    /// The first walk of a thread's stack did not hold still: reads the thread state again and walks from its top
    /// into <see cref="Frames"/> until a walk's anchor holds still; <paramref name="thread"/> becomes that reading.
    /// </summary>
    private bool TryWalkAgain(ref ThreadRecord thread, out string? error)
    {
        error = null;
        ulong threadState = thread.ThreadState;
        for (int attempt = 2; attempt <= Attempts; attempt++)
        {
            BeginPhase(ReadPhase.Retry);
            if (!_walker.TryReadThread(threadState, out thread))
            {
                error = "the thread state vanished while it was read";
                return false;
            }

            bool walked = _walker.TryWalk(thread.TopFrame, Frames, out error);
            StackAnchor anchor = _walker.AnchorOfLastWalk;
            BeginPhase(ReadPhase.RetryRecheck);
            if (walked && _walker.IsUnchanged(anchor))
            {
                return true;
            }
        }

        error ??= "the stack kept changing while it was read (non-blocking mode)";
        return false;
    }
}
