using Pyflame.Core.Memory;
using Pyflame.Core.Model;
using Pyflame.Core.Python.Threads;
using Pyflame.Core.Python.Walking;
using Pyflame.Core.Targets;

namespace Pyflame.Core.Sampling;

/// <summary>
/// Takes one sample: reads the thread list and walks the stacks the mode asks for (the GIL holder's, or
/// every thread's). With a pauser (blocking mode) it stops only what the read needs, for as short as possible:
/// the GIL holder alone, or in all-threads mode the Python threads (never an embedder's or a C extension's
/// own threads); it pauses the whole process only when a thread's OS id is unknown or the targeted pause
/// keeps missing. Whatever it paused, it resumes before returning. Without a pauser, see SampleTaker.NonBlocking.cs.
/// <para>
/// Reads go through the page cache in named phases (<see cref="PageCacheMemoryReader.BeginPhase"/>): each phase
/// fetches the pages it used last time in one batch, so a steady sample costs a few system calls.
/// </para>
/// </summary>
public sealed partial class SampleTaker : ISampleSource
{
    /// <summary>Targeted pauses tried per sample before pausing the whole process.</summary>
    private const int TargetedPauseAttempts = 3;

    /// <summary>Blocking mode, before the pause: which thread(s) to stop.</summary>
    private const int FindPhase = 0;

    /// <summary>The thread list and the stacks (in blocking mode: once stopped).</summary>
    private const int WalkPhase = 1;

    private readonly StackWalker _walker;
    private readonly IProcessPauser? _pauser;
    private readonly IThreadActivityProbe? _activity;
    private readonly ThreadNameCache? _names;
    private readonly PageCacheMemoryReader? _pageCache;
    private readonly List<ThreadRecord> _threads = [];
    private readonly List<ulong> _gilHolders = [];
    private readonly List<Model.FrameInfo> _frames = [];
    private readonly HashSet<int> _threadIds = [];
    private readonly int[] _holderId = new int[1];

    /// <param name="names">Fills <see cref="ThreadStack.Name"/> in all-threads samples; null leaves names empty.</param>
    /// <param name="pageCache">The page cache the walker reads through, if any: refreshed whenever the target may have run.</param>
    public SampleTaker(
        StackWalker walker,
        IProcessPauser? pauser,
        IThreadActivityProbe? activity,
        ThreadNameCache? names = null,
        PageCacheMemoryReader? pageCache = null)
    {
        _pageCache = pageCache;
        _walker = walker;
        _pauser = pauser;
        _activity = activity;
        _names = names;
    }

    /// <summary>Between samples: lets the pauser deliver signals that arrived while the target was traced.</summary>
    public void ServiceTarget() => _pauser?.ServicePendingStops();

    public Sample Take(long timestampMicroseconds, bool allThreads)
    {
        _walker.BeginSample();
        if (allThreads)
        {
            _activity?.Capture();
        }

        if (_pauser is null)
        {
            return allThreads ? TakeAllRunning(timestampMicroseconds) : TakeGilHolderRunning(timestampMicroseconds);
        }

        return allThreads ? TakeAllPausingPythonThreads(_pauser, timestampMicroseconds) : TakeGilHolderPausingIt(_pauser, timestampMicroseconds);
    }

    /// <summary>Forgets what was read (the target may have run since) and prefetches what <paramref name="phase"/> needed last time.</summary>
    private void BeginPhase(int phase) => _pageCache?.BeginPhase(phase);

    /// <summary>
    /// Finds the GIL holder while everything runs, stops that one thread and checks it still holds the GIL.
    /// It then cannot lose it while stopped (only the holder releases the GIL; CPython's take_gil/drop_gil in
    /// Python/ceval_gil.c) and no other thread can run Python code without it, so the walk sees a still stack
    /// and the sample is attributed right. A holder that changed before the stop is looked up again.
    /// </summary>
    private Sample TakeGilHolderPausingIt(IProcessPauser pauser, long timestamp)
    {
        for (int attempt = 0; attempt < TargetedPauseAttempts; attempt++)
        {
            BeginPhase(FindPhase);
            // Only the holder is read, not the whole thread list: the GIL fields, then its thread state for the OS id.
            if (!_walker.TryReadGilHolders(_gilHolders))
            {
                break; // e.g. the process is gone: the full pause below reports why
            }

            if (_gilHolders.Count == 0)
            {
                return Idle(timestamp); // nobody runs Python code: nothing to stop
            }

            if (!_walker.TryReadThread(_gilHolders[0], out ThreadRecord holder))
            {
                break;
            }

            if (holder.NativeThreadId <= 0)
            {
                break; // no OS id to stop (an old interpreter without it, or a thread still starting)
            }

            _holderId[0] = holder.NativeThreadId;
            if (!pauser.TryPause(_holderId))
            {
                continue; // it exited meanwhile, or is not the target's thread: look again
            }

            try
            {
                BeginPhase(WalkPhase);
                if (TryConfirmHolder(holder, out ThreadRecord stopped))
                {
                    return WalkStopped(timestamp, stopped);
                }
            }
            finally
            {
                pauser.Resume();
            }
        }

        return PausingEverything(pauser, timestamp, TakeGilHolderStopped);
    }

    /// <summary>
    /// Stops the Python threads (by their thread states' OS ids), then reads the list again: a thread state added
    /// meanwhile (a foreign thread calling PyGILState_Ensure) has its thread stopped too before any stack is read.
    /// </summary>
    private Sample TakeAllPausingPythonThreads(IProcessPauser pauser, long timestamp)
    {
        _threadIds.Clear();
        BeginPhase(FindPhase);
        if (_walker.TryReadThreads(_threads, _gilHolders, out _) && TryAddThreadIds() && pauser.TryPause(_threadIds))
        {
            try
            {
                for (int round = 0; round < TargetedPauseAttempts; round++)
                {
                    BeginPhase(WalkPhase);
                    int stopped = _threadIds.Count;
                    if (!_walker.TryReadThreads(_threads, _gilHolders, out _) || !TryAddThreadIds())
                    {
                        break;
                    }

                    if (_threadIds.Count == stopped)
                    {
                        return StacksOfAllStopped(timestamp); // every listed thread is stopped
                    }

                    if (!pauser.TryPause(_threadIds))
                    {
                        break;
                    }
                }
            }
            finally
            {
                pauser.Resume();
            }
        }

        return PausingEverything(pauser, timestamp, TakeAllStopped);
    }

    private Sample PausingEverything(IProcessPauser pauser, long timestamp, Func<long, Sample> take)
    {
        if (!pauser.TryPause())
        {
            pauser.Resume();
            return Failed(timestamp, ReadFailure.Unreadable("could not stop the target's threads"));
        }

        try
        {
            _pageCache?.Invalidate(); // what was read before the pause may be stale
            return take(timestamp);
        }
        finally
        {
            pauser.Resume();
        }
    }

    /// <summary>Adds the listed threads' OS ids to <see cref="_threadIds"/>; false if one is unknown.</summary>
    private bool TryAddThreadIds()
    {
        foreach (ThreadRecord thread in _threads)
        {
            if (thread.NativeThreadId <= 0)
            {
                return false;
            }

            _ = _threadIds.Add(thread.NativeThreadId);
        }

        return true;
    }

    private bool TryFindGilHolder(out ThreadRecord holder)
    {
        foreach (ThreadRecord thread in _threads)
        {
            if (_gilHolders.Contains(thread.ThreadState))
            {
                holder = thread;
                return true;
            }
        }

        holder = default;
        return false;
    }

    /// <summary>With the holder's thread stopped: it still holds the GIL and its thread state still names that thread.</summary>
    private bool TryConfirmHolder(ThreadRecord holder, out ThreadRecord stopped)
    {
        stopped = default;
        return _walker.TryReadGilHolders(_gilHolders)
            && _gilHolders.Contains(holder.ThreadState)
            && _walker.TryReadThread(holder.ThreadState, out stopped)
            && stopped.NativeThreadId == holder.NativeThreadId;
    }

    /// <summary>Everything is stopped: reads the list, then the GIL holder's stack.</summary>
    private Sample TakeGilHolderStopped(long timestamp)
    {
        if (!_walker.TryReadThreads(_threads, _gilHolders, out ReadFailure? error))
        {
            return Failed(timestamp, error);
        }

        return TryFindGilHolder(out ThreadRecord holder) ? WalkStopped(timestamp, holder) : Idle(timestamp);
    }

    private Sample WalkStopped(long timestamp, ThreadRecord holder)
    {
        if (!_walker.TryWalk(holder.TopFrame, _frames, out ReadFailure? error))
        {
            return Failed(timestamp, error);
        }

        return GilHolderSample(timestamp, holder);
    }

    /// <summary>A GIL holder with no Python frame is in C code (start-up, shutdown, a C extension's callback setup).</summary>
    private Sample GilHolderSample(long timestamp, ThreadRecord holder) =>
        _frames.Count == 0
            ? Idle(timestamp)
            : new Sample(timestamp, SampleOutcome.Stacks, [ToStack(holder, name: null, holdsGil: true, idle: false)]);

    private Sample TakeAllStopped(long timestamp) =>
        _walker.TryReadThreads(_threads, _gilHolders, out ReadFailure? error) ? StacksOfAllStopped(timestamp) : Failed(timestamp, error);

    /// <summary>Walks every thread of the list last read; they are all stopped.</summary>
    private Sample StacksOfAllStopped(long timestamp)
    {
        // Read while the target is paused, like the stacks; GIL-holder samples never carry names.
        _names?.Update(_threads);
        List<ThreadStack> stacks = new(_threads.Count);
        ReadFailure? lastError = null;
        foreach (ThreadRecord thread in _threads)
        {
            if (!_walker.TryWalk(thread.TopFrame, _frames, out ReadFailure? error))
            {
                lastError = error;
                stacks.Add(FailedThread(thread, error));
            }
            else if (_frames.Count > 0)
            {
                stacks.Add(ThreadSample(thread));
            }
        }

        return AllThreadsSample(timestamp, stacks, lastError);
    }

    /// <summary>
    /// An all-threads sample: one unreadable thread fails alone (the others keep their stacks); only when every
    /// thread read failed is the whole sample failed.
    /// </summary>
    private static Sample AllThreadsSample(long timestamp, List<ThreadStack> stacks, ReadFailure? lastError)
    {
        if (stacks.Count == 0)
        {
            return Idle(timestamp);
        }

        return stacks.TrueForAll(static stack => stack.IsFailed)
            ? Failed(timestamp, lastError)
            : new Sample(timestamp, SampleOutcome.Stacks, stacks);
    }

    private ThreadStack FailedThread(ThreadRecord thread, ReadFailure? error) =>
        new(thread.ThreadState, thread.PthreadId, thread.NativeThreadId, _names?.NameOf(thread),
            _gilHolders.Contains(thread.ThreadState), IsIdle: false, [], error ?? ReadFailure.Unreadable("the stack could not be read"));

    /// <summary>The stack just walked (in <see cref="_frames"/>) as one thread's part of an all-threads sample.</summary>
    private ThreadStack ThreadSample(ThreadRecord thread)
    {
        bool holdsGil = _gilHolders.Contains(thread.ThreadState);
        return ToStack(thread, _names?.NameOf(thread), holdsGil, idle: !holdsGil && !IsRunning(thread.NativeThreadId));
    }

    /// <summary>Without an OS answer a thread counts as running, so no time is hidden as idle by guesswork.</summary>
    private bool IsRunning(int nativeThreadId) =>
        _activity is null || !_activity.TryIsRunning(nativeThreadId, out bool running) || running;

    private ThreadStack ToStack(ThreadRecord thread, string? name, bool holdsGil, bool idle) =>
        new(thread.ThreadState, thread.PthreadId, thread.NativeThreadId, name, holdsGil, idle, _frames.ToArray());

    private static Sample Idle(long timestamp) => new(timestamp, SampleOutcome.Idle, []);

    private static Sample Failed(long timestamp, ReadFailure? reason) =>
        new(timestamp, SampleOutcome.Failed, [], reason);
}
