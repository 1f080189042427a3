using Pyflame.Core.Memory;
using Pyflame.Core.Model;
using Pyflame.Core.Python.Threads;
using Pyflame.Core.Python.Walking;
using Pyflame.Core.Targets;

namespace Pyflame.Core.Sampling;

/// <summary>
/// Non-blocking mode: the target runs on while it is read, so frames can be popped and reused under the reader. A
/// steady sample is read from ONE batch of pages (one system call; <see cref="SnapshotPlan"/>): the thread states, top
/// frames and data-stack chunks where the last sample found them, from the top of each stack down, then every other
/// page the walk used last time, then each stack's anchor (the top frame's caller, see <see cref="StackAnchor"/>)
/// again. A stack counts only if its callers held still: its anchor is the same in the batch's last copy (when the
/// whole walk came from the batch), else when read once more. One that moved is read again from the thread state,
/// and after <see cref="Attempts"/> walks counts as failed, so torn stacks become (failed) samples the summary
/// reports, never wrong ones.
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
    private readonly SnapshotPlan _plan;

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
        _plan = new SnapshotPlan(walker.ThreadStateBytes, walker.FrameBytes);
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

    /// <summary>The sample's one batch: the stacks where the last sample found them, the rest of its pages, the anchors again.</summary>
    private void BeginSnapshot()
    {
        _plan.Build();
        _pageCache?.BeginPhase(ReadPhase.Walk, _plan.Leading, _plan.Rereads);
        _plan.BeginRecording();
    }

    /// <summary>
    /// Whether the callers of a walk held still: by the anchor's last copy in the batch when every page of the walk
    /// came from the batch (<paramref name="wholeBatch"/>), otherwise by reading it once more.
    /// </summary>
    private bool HeldStill(StackAnchor anchor, bool wholeBatch)
    {
        if (wholeBatch && _pageCache is { } cache && _walker.IsUnchanged(anchor, cache.Rereads))
        {
            return true;
        }

        BeginPhase(ReadPhase.Recheck);
        return _walker.IsUnchanged(anchor);
    }

    private bool WholeBatch => _pageCache is { PagesReadOnDemand: 0 };

    private Sample TakeGilHolder(long timestamp)
    {
        BeginSnapshot();
        if (!_walker.TryReadGilHolders(GilHolders))
        {
            return SampleAssembler.Failed(timestamp, ReadFailure.Unreadable("the interpreter is not initialised (or already finalised)"));
        }

        if (GilHolders.Count == 0)
        {
            return SampleAssembler.Idle(timestamp);
        }

        if (!_walker.TryReadThread(GilHolders[0], out ThreadRecord holder))
        {
            return SampleAssembler.Failed(timestamp, ReadFailure.Unreadable("the GIL holder's thread state is unreadable"));
        }

        bool walked = _walker.TryWalk(holder.TopFrame, Frames, out ReadFailure? error);
        StackAnchor anchor = _walker.AnchorOfLastWalk;
        _plan.Record(holder, walked ? anchor : default);
        if (!(walked && HeldStill(anchor, WholeBatch)) && !TryWalkAgain(ref holder, out error))
        {
            return SampleAssembler.Failed(timestamp, error);
        }

        return _assembler.GilHolderSample(timestamp, holder);
    }

    private Sample TakeAll(long timestamp)
    {
        BeginSnapshot();
        if (!_walker.TryReadThreads(Threads, GilHolders, out ReadFailure? error))
        {
            return SampleAssembler.Failed(timestamp, error);
        }

        _assembler.UpdateNames();
        _anchors.Clear();
        _walkedStacks.Clear();
        _walkedEmpty.Clear();
        foreach (ThreadRecord thread in Threads)
        {
            bool walked = _walker.TryWalk(thread.TopFrame, Frames, out _);
            _anchors.Add(walked ? _walker.AnchorOfLastWalk : default);
            _plan.Record(thread, _anchors[^1]);
            _walkedEmpty.Add(walked && Frames.Count == 0);
            _walkedStacks.Add(walked && Frames.Count > 0 ? _assembler.ThreadSample(thread) : null);
        }

        RecheckAnchors();
        List<ThreadStack> stacks = new(Threads.Count);
        ReadFailure? lastError = null;

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
    /// Drops the walked stacks whose callers moved: checked on the batch's last copies where they suffice, then the
    /// rest with one more batch.
    /// </summary>
    private void RecheckAnchors()
    {
        bool wholeBatch = WholeBatch;
        bool anyLeft = false;
        for (int i = 0; i < Threads.Count; i++)
        {
            if (_walkedStacks[i] is not null && wholeBatch && _pageCache is { } cache && _walker.IsUnchanged(_anchors[i], cache.Rereads))
            {
                _anchors[i] = default; // held still: nothing left to check
            }

            anyLeft |= _walkedStacks[i] is not null && _anchors[i].Frame != 0;
        }

        if (!anyLeft)
        {
            return;
        }

        BeginPhase(ReadPhase.Recheck);
        for (int i = 0; i < Threads.Count; i++)
        {
            if (_walkedStacks[i] is not null && !_walker.IsUnchanged(_anchors[i]))
            {
                _walkedStacks[i] = null;
            }
        }
    }

    /// <summary>
    /// The first walk of a thread's stack did not hold still: reads the thread state again and walks from its top
    /// into <see cref="Frames"/> until a walk's anchor holds still; <paramref name="thread"/> becomes that reading.
    /// </summary>
    private bool TryWalkAgain(ref ThreadRecord thread, out ReadFailure? error)
    {
        error = null;
        ulong threadState = thread.ThreadState;
        for (int attempt = 2; attempt <= Attempts; attempt++)
        {
            BeginPhase(ReadPhase.Retry);
            if (!_walker.TryReadThread(threadState, out thread))
            {
                error = ReadFailure.Changing("the thread state vanished while it was read");
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

        error ??= ReadFailure.Changing("the stack kept changing while it was read (non-blocking mode)");
        return false;
    }
}
