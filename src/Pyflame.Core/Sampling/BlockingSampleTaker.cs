using Pyflame.Core.Memory;
using Pyflame.Core.Model;
using Pyflame.Core.Python.Threads;
using Pyflame.Core.Python.Walking;
using Pyflame.Core.Targets;

namespace Pyflame.Core.Sampling;

/// <summary>
/// Blocking mode: takes one sample with the stacks it reads held still, stopping as little as possible: the GIL
/// holder alone (in all-threads mode too, when one interpreter holds every thread), else the Python threads (never
/// an embedder's or a C extension's own threads); it pauses the whole process only when a thread's OS id is unknown
/// or the targeted pause keeps missing. Whatever it paused,
/// it resumes before returning. Reads go through the page cache in named phases (<see cref="ReadPhase"/>): each
/// fetches the pages it used last time in one batch, so a steady sample costs a few system calls.
/// </summary>
public sealed class BlockingSampleTaker : ISampleSource
{
    /// <summary>Targeted pauses tried per sample before pausing the whole process.</summary>
    private const int TargetedPauseAttempts = 3;

    private readonly StackWalker _walker;
    private readonly IProcessPauser _pauser;
    private readonly PageCacheMemoryReader? _pageCache;
    private readonly SampleAssembler _assembler;
    private readonly HashSet<int> _threadIds = [];
    private readonly int[] _holderId = new int[1];

    /// <param name="names">Fills <see cref="ThreadStack.Name"/> in all-threads samples; null leaves names empty.</param>
    /// <param name="pageCache">The page cache the walker reads through, if any: refreshed whenever the target may have run.</param>
    public BlockingSampleTaker(
        StackWalker walker,
        IProcessPauser pauser,
        IThreadActivityProbe? activity,
        ThreadNameCache? names = null,
        PageCacheMemoryReader? pageCache = null)
    {
        _walker = walker;
        _pauser = pauser;
        _pageCache = pageCache;
        _assembler = new SampleAssembler(activity, names);
    }

    private List<ThreadRecord> Threads => _assembler.Threads;

    private List<ulong> GilHolders => _assembler.GilHolders;

    /// <summary>Between samples: lets the pauser deliver signals that arrived while the target was traced.</summary>
    public void ServiceTarget() => _pauser.ServicePendingStops();

    public Sample Take(long timestampMicroseconds, bool allThreads)
    {
        _walker.BeginSample();
        _assembler.BeginSample(allThreads);
        if (!allThreads)
        {
            return TakeGilHolderPausingIt(timestampMicroseconds);
        }

        return TryTakeAllPausingGilHolder(timestampMicroseconds, out Sample? sample) ? sample : TakeAllPausingPythonThreads(timestampMicroseconds);
    }

    /// <summary>Forgets what was read (the target may have run since) and prefetches what <paramref name="phase"/> needed last time.</summary>
    private void BeginPhase(ReadPhase phase) => _pageCache?.BeginPhase(phase);

    /// <summary>
    /// Finds the GIL holder while everything runs, stops that one thread and checks it still holds the GIL.
    /// It then cannot lose it while stopped (only the holder releases the GIL; CPython's take_gil/drop_gil in
    /// Python/ceval_gil.c) and no other thread can run Python code without it, so the walk sees a still stack
    /// and the sample is attributed right. A holder that let the GIL go before its stop, to nobody, is still the sample
    /// (its own frames hold still); a GIL another thread took meanwhile is looked up again.
    /// </summary>
    private Sample TakeGilHolderPausingIt(long timestamp)
    {
        for (int attempt = 0; attempt < TargetedPauseAttempts; attempt++)
        {
            BeginPhase(ReadPhase.Find);
            // Only the holder is read, not the whole thread list: the GIL fields, then its thread state for the OS id.
            if (!_walker.TryReadGilHolders(GilHolders))
            {
                break; // e.g. the process is gone: the full pause below reports why
            }

            if (GilHolders.Count == 0)
            {
                return SampleAssembler.Idle(timestamp); // nobody runs Python code: nothing to stop
            }

            if (!_walker.TryReadThread(GilHolders[0], out ThreadRecord holder))
            {
                break;
            }

            if (holder.NativeThreadId <= 0)
            {
                break; // no OS id to stop (an old interpreter without it, or a thread still starting)
            }

            _holderId[0] = holder.NativeThreadId;
            if (!_pauser.TryPause(_holderId))
            {
                continue; // it exited meanwhile, or is not the target's thread: look again
            }

            try
            {
                BeginPhase(ReadPhase.Walk);
                if (TryConfirmHolder(holder, out ThreadRecord stopped, out bool releasedToNobody))
                {
                    return WalkStopped(timestamp, stopped);
                }

                // It let the GIL go between the read and its stop, and nobody took it: a thread traps tens of µs after
                // the interrupt on a VM, mostly at a system call's exit in code that makes many, with the GIL released
                // around the call. Looking again would find nobody and count (idle) for a thread that ran Python code
                // when the sample was due (pylint and an os.stat loop: (idle) overstated by half). Its own frames hold
                // still while it is stopped (only it changes them), so its stack is the sample, as the read found it
                // holding the GIL. (A GIL another thread took is looked up again: that thread runs Python code now.)
                if (releasedToNobody && TryReadSameThread(holder, out stopped) && TryWalkStopped(timestamp, stopped, out Sample? sample))
                {
                    return sample;
                }
            }
            finally
            {
                _pauser.Resume();
            }
        }

        return PausingEverything(timestamp, TakeGilHolderStopped);
    }

    /// <summary>
    /// All threads' stacks with only the GIL holder stopped. A thread changes its Python frames only while it holds
    /// its interpreter's GIL (Python/ceval_gil.c; every frame push and pop runs Python code or the C API under it),
    /// so with the holder stopped and confirmed, every thread of that interpreter holds still. Stopping the
    /// sleeping threads too would wake each of them on every sample (a ptrace stop takes a thread out of its
    /// sleep, and a VM charges it up to a millisecond of CPU for that), which both costs the target and makes idle
    /// threads look busy. It only applies when the process has one interpreter (3.12+ subinterpreters may have
    /// GILs of their own) and someone holds the GIL (else any thread may take it at any moment); otherwise false,
    /// and every Python thread is stopped instead.
    /// </summary>
    private bool TryTakeAllPausingGilHolder(long timestamp, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Sample? sample)
    {
        sample = null;
        BeginPhase(ReadPhase.Find);
        if (!_walker.TryReadGilHolders(GilHolders) || GilHolders.Count != 1
            || !_walker.TryReadThread(GilHolders[0], out ThreadRecord holder) || holder.NativeThreadId <= 0)
        {
            return false;
        }

        _holderId[0] = holder.NativeThreadId;
        if (!_pauser.TryPause(_holderId))
        {
            return false;
        }

        try
        {
            BeginPhase(ReadPhase.Walk);
            if (!TryConfirmHolder(holder, out ThreadRecord stopped, out _) || !_walker.TryReadThreads(Threads, GilHolders, out _)
                || !GilHolders.Contains(stopped.ThreadState) || !AllIn(stopped.Interpreter))
            {
                return false;
            }

            sample = StacksOfAllStopped(timestamp);
            return true;
        }
        finally
        {
            _pauser.Resume();
        }
    }

    /// <summary>
    /// Stops the Python threads (by their thread states' OS ids), then reads the list again: a thread state added
    /// meanwhile (a foreign thread calling PyGILState_Ensure) has its thread stopped too before any stack is read.
    /// </summary>
    private Sample TakeAllPausingPythonThreads(long timestamp)
    {
        _threadIds.Clear();
        BeginPhase(ReadPhase.Find);
        if (_walker.TryReadThreads(Threads, GilHolders, out _) && TryAddThreadIds() && _pauser.TryPause(_threadIds))
        {
            try
            {
                for (int round = 0; round < TargetedPauseAttempts; round++)
                {
                    BeginPhase(ReadPhase.Walk);
                    int stopped = _threadIds.Count;
                    if (!_walker.TryReadThreads(Threads, GilHolders, out _) || !TryAddThreadIds())
                    {
                        break;
                    }

                    if (_threadIds.Count == stopped)
                    {
                        return StacksOfAllStopped(timestamp); // every listed thread is stopped
                    }

                    if (!_pauser.TryPause(_threadIds))
                    {
                        break;
                    }
                }
            }
            finally
            {
                _pauser.Resume();
            }
        }

        return PausingEverything(timestamp, TakeAllStopped);
    }

    private Sample PausingEverything(long timestamp, Func<long, Sample> take)
    {
        if (!_pauser.TryPause())
        {
            _pauser.Resume();
            return SampleAssembler.Failed(timestamp, ReadFailure.Unreadable("could not stop the target's threads"));
        }

        try
        {
            _pageCache?.Invalidate(); // what was read before the pause may be stale
            return take(timestamp);
        }
        finally
        {
            _pauser.Resume();
        }
    }

    /// <summary>Whether every thread of the list last read belongs to <paramref name="interpreter"/>.</summary>
    private bool AllIn(ulong interpreter)
    {
        foreach (ThreadRecord thread in Threads)
        {
            if (thread.Interpreter != interpreter)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Adds the listed threads' OS ids to <see cref="_threadIds"/>; false if one is unknown.</summary>
    private bool TryAddThreadIds()
    {
        foreach (ThreadRecord thread in Threads)
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
        foreach (ThreadRecord thread in Threads)
        {
            if (GilHolders.Contains(thread.ThreadState))
            {
                holder = thread;
                return true;
            }
        }

        holder = default;
        return false;
    }

    /// <summary>With the holder's thread stopped: it still holds the GIL and its thread state still names that thread.</summary>
    /// <param name="releasedToNobody">False when confirmed; else whether the GIL was read and nobody holds it.</param>
    private bool TryConfirmHolder(ThreadRecord holder, out ThreadRecord stopped, out bool releasedToNobody)
    {
        stopped = default;
        bool read = _walker.TryReadGilHolders(GilHolders);
        releasedToNobody = read && GilHolders.Count == 0;
        return read && GilHolders.Contains(holder.ThreadState) && TryReadSameThread(holder, out stopped);
    }

    /// <summary>Everything is stopped: reads the list, then the GIL holder's stack.</summary>
    private Sample TakeGilHolderStopped(long timestamp)
    {
        if (!_walker.TryReadThreads(Threads, GilHolders, out ReadFailure? error))
        {
            return SampleAssembler.Failed(timestamp, error);
        }

        return TryFindGilHolder(out ThreadRecord holder) ? WalkStopped(timestamp, holder) : SampleAssembler.Idle(timestamp);
    }

    private bool TryReadSameThread(ThreadRecord holder, out ThreadRecord stopped) =>
        _walker.TryReadThread(holder.ThreadState, out stopped) && stopped.NativeThreadId == holder.NativeThreadId;

    private bool TryWalkStopped(long timestamp, ThreadRecord holder, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Sample? sample)
    {
        sample = _walker.TryWalk(holder.TopFrame, _assembler.Frames, out _) && _assembler.Frames.Count > 0
            ? _assembler.GilHolderSample(timestamp, holder)
            : null;
        return sample is not null;
    }

    private Sample WalkStopped(long timestamp, ThreadRecord holder) =>
        _walker.TryWalk(holder.TopFrame, _assembler.Frames, out ReadFailure? error)
            ? _assembler.GilHolderSample(timestamp, holder)
            : SampleAssembler.Failed(timestamp, error);

    private Sample TakeAllStopped(long timestamp) =>
        _walker.TryReadThreads(Threads, GilHolders, out ReadFailure? error) ? StacksOfAllStopped(timestamp) : SampleAssembler.Failed(timestamp, error);

    /// <summary>Walks every thread of the list last read; they all hold still (stopped, or waiting for the stopped GIL holder).</summary>
    private Sample StacksOfAllStopped(long timestamp)
    {
        // Read while the target is paused, like the stacks; GIL-holder samples never carry names.
        _assembler.UpdateNames();
        List<ThreadStack> stacks = new(Threads.Count);
        ReadFailure? lastError = null;
        foreach (ThreadRecord thread in Threads)
        {
            if (!_walker.TryWalk(thread.TopFrame, _assembler.Frames, out ReadFailure? error))
            {
                lastError = error;
                stacks.Add(_assembler.FailedThread(thread, error));
            }
            else if (_assembler.Frames.Count > 0)
            {
                stacks.Add(_assembler.ThreadSample(thread));
            }
        }

        return SampleAssembler.AllThreadsSample(timestamp, stacks, lastError);
    }
}
