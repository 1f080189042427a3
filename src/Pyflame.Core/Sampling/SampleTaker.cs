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
/// keeps missing. Whatever it paused, it resumes before returning.
/// </summary>
public sealed class SampleTaker : ISampleSource
{
    /// <summary>Targeted pauses tried per sample before pausing the whole process.</summary>
    private const int TargetedPauseAttempts = 3;

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
    /// <param name="pageCache">The page cache the walker reads through, if any: emptied whenever the target may have run.</param>
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
        if (allThreads)
        {
            _activity?.Capture();
        }

        _pageCache?.Invalidate();
        if (_pauser is null)
        {
            return allThreads ? TakeAll(timestampMicroseconds) : TakeGilHolder(timestampMicroseconds);
        }

        return allThreads ? TakeAllPausingPythonThreads(_pauser, timestampMicroseconds) : TakeGilHolderPausingIt(_pauser, timestampMicroseconds);
    }

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
            _pageCache?.Invalidate();
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
                _pageCache?.Invalidate();
                if (TryConfirmHolder(holder, out ThreadRecord stopped))
                {
                    return WalkGilHolder(timestamp, stopped);
                }
            }
            finally
            {
                pauser.Resume();
            }
        }

        return PausingEverything(pauser, timestamp, TakeGilHolder);
    }

    /// <summary>
    /// Stops the Python threads (by their thread states' OS ids), then reads the list again: a thread state added
    /// meanwhile (a foreign thread calling PyGILState_Ensure) has its thread stopped too before any stack is read.
    /// </summary>
    private Sample TakeAllPausingPythonThreads(IProcessPauser pauser, long timestamp)
    {
        _threadIds.Clear();
        if (_walker.TryReadThreads(_threads, _gilHolders, out _) && TryAddThreadIds() && pauser.TryPause(_threadIds))
        {
            try
            {
                for (int round = 0; round < TargetedPauseAttempts; round++)
                {
                    _pageCache?.Invalidate();
                    int stopped = _threadIds.Count;
                    if (!_walker.TryReadThreads(_threads, _gilHolders, out _) || !TryAddThreadIds())
                    {
                        break;
                    }

                    if (_threadIds.Count == stopped)
                    {
                        return StacksOfAll(timestamp); // every listed thread is stopped
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

        return PausingEverything(pauser, timestamp, TakeAll);
    }

    private Sample PausingEverything(IProcessPauser pauser, long timestamp, Func<long, Sample> take)
    {
        _pageCache?.Invalidate();
        if (!pauser.TryPause())
        {
            pauser.Resume();
            return Failed(timestamp, "could not stop the target's threads");
        }

        try
        {
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

    /// <summary>Walks tried per thread and sample when the target runs on while it is read.</summary>
    private const int NonBlockingAttempts = 3;

    /// <summary>
    /// Paused, a walk is consistent by construction. Running on (--nonblocking), frames can be popped and
    /// reused under the reader, so a walk counts only if the thread's top frame is the same before and
    /// after it; otherwise it is tried again from the new top, and finally counted as failed.
    /// </summary>
    private bool TryWalkThread(ThreadRecord thread, out string? error)
    {
        ulong top = thread.TopFrame;
        for (int attempt = 1; ; attempt++)
        {
            bool walked = _walker.TryWalk(top, _frames, out error);
            if (_pauser is not null)
            {
                return walked;
            }

            _pageCache?.Invalidate();
            if (!_walker.TryReadTopFrame(thread.ThreadState, out ulong now))
            {
                error = "the thread state vanished while it was read";
                return false;
            }

            if (walked && now == top)
            {
                return true;
            }

            if (attempt == NonBlockingAttempts)
            {
                error = error ?? "the stack kept changing while it was read (non-blocking mode)";
                return false;
            }

            top = now;
        }
    }

    private Sample TakeGilHolder(long timestamp)
    {
        if (!_walker.TryReadThreads(_threads, _gilHolders, out string? error))
        {
            return Failed(timestamp, error);
        }

        return TryFindGilHolder(out ThreadRecord holder) ? WalkGilHolder(timestamp, holder) : Idle(timestamp);
    }

    private Sample WalkGilHolder(long timestamp, ThreadRecord holder)
    {
        if (!TryWalkThread(holder, out string? error))
        {
            return Failed(timestamp, error);
        }

        // A GIL holder with no Python frame is in C code (start-up, shutdown, a C extension's callback setup).
        return _frames.Count == 0
            ? Idle(timestamp)
            : new Sample(timestamp, SampleOutcome.Stacks, [ToStack(holder, name: null, holdsGil: true, idle: false)]);
    }

    private Sample TakeAll(long timestamp) =>
        _walker.TryReadThreads(_threads, _gilHolders, out string? error) ? StacksOfAll(timestamp) : Failed(timestamp, error);

    /// <summary>Walks every thread of the list last read.</summary>
    private Sample StacksOfAll(long timestamp)
    {
        // Read while the target is paused, like the stacks; GIL-holder samples never carry names.
        _names?.Update(_threads);
        List<ThreadStack> stacks = new(_threads.Count);
        foreach (ThreadRecord thread in _threads)
        {
            if (!TryWalkThread(thread, out string? error))
            {
                return Failed(timestamp, error);
            }

            if (_frames.Count == 0)
            {
                continue;
            }

            bool holdsGil = _gilHolders.Contains(thread.ThreadState);
            stacks.Add(ToStack(thread, _names?.NameOf(thread), holdsGil, idle: !holdsGil && !IsRunning(thread.NativeThreadId)));
        }

        return stacks.Count == 0 ? Idle(timestamp) : new Sample(timestamp, SampleOutcome.Stacks, stacks);
    }

    /// <summary>Without an OS answer a thread counts as running, so no time is hidden as idle by guesswork.</summary>
    private bool IsRunning(int nativeThreadId) =>
        _activity is null || !_activity.TryIsRunning(nativeThreadId, out bool running) || running;

    private ThreadStack ToStack(ThreadRecord thread, string? name, bool holdsGil, bool idle) =>
        new(thread.ThreadState, thread.PthreadId, thread.NativeThreadId, name, holdsGil, idle, _frames.ToArray());

    private static Sample Idle(long timestamp) => new(timestamp, SampleOutcome.Idle, []);

    private static Sample Failed(long timestamp, string? reason) =>
        new(timestamp, SampleOutcome.Failed, [], reason);
}
