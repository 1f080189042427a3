using Pyflame.Core.ProcFs;
using Pyflame.Core.Targets;
using Pyflame.Linux.Interop;

namespace Pyflame.Linux;

/// <summary>
/// Pauses every thread of a process so a sample sees a consistent stack ("blocking" mode).
/// Threads are attached once with PTRACE_SEIZE, which (unlike PTRACE_ATTACH) sends no SIGSTOP, and each
/// pause is PTRACE_INTERRUPT + waitpid per thread; <c>/proc/PID/task</c> is re-listed on every pause so
/// threads started meanwhile are seized too.
/// <para>
/// THREADING: Linux makes the tracer a THREAD, not a process: every ptrace/waitpid call must come from the
/// OS thread that called <see cref="Seize"/>, so the caller must drive this object from one dedicated
/// thread. Calls from another thread throw <see cref="InvalidOperationException"/>. If that thread exits,
/// the kernel detaches all tracees by itself.
/// </para>
/// <para>
/// Signals: while seized, a signal sent to the target stops the receiving thread until the tracer looks
/// (ptrace(2), "Signal-delivery-stop"). Every such stop seen here is re-injected at once, so nothing is
/// lost; between samples call <see cref="ServicePendingStops"/> (the sampler does it once per interval) so
/// a signal never waits longer than one interval. Group-stops (SIGSTOP from someone else) are released with
/// PTRACE_LISTEN so the target stays stopped exactly as it would untraced. <see cref="Dispose"/> detaches
/// everything and leaves no thread in a stop of ours.
/// </para>
/// </summary>
public sealed class PtraceSuspender : IProcessPauser
{
    /// <summary>Re-listing rounds when threads keep appearing; a fork bomb must not keep us here forever.</summary>
    private const int MaxSeizeRounds = 100;

    private readonly int _pid;
    private readonly int _ownerThreadId = Environment.CurrentManagedThreadId;
    private readonly Dictionary<int, TraceeState> _threads = [];
    private const long RelistIntervalMilliseconds = 100;

    private bool _paused;
    private long _lastListing;
    private bool _disposed;

    private PtraceSuspender(int pid) => _pid = pid;

    public int ProcessId => _pid;

    /// <summary>How long <see cref="TryPause"/> waits for all threads (a thread in D state may not stop at once).</summary>
    public TimeSpan PauseTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>True between a successful <see cref="TryPause"/> and <see cref="Resume"/>.</summary>
    public bool IsPaused => _paused;

    /// <summary>Thread ids currently traced.</summary>
    public IReadOnlyCollection<int> ThreadIds => _threads.Keys;

    /// <summary>Seizes every thread of <paramref name="pid"/>; throws <see cref="TargetAccessException"/> when not allowed.</summary>
    public static PtraceSuspender Seize(int pid)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pid);
        PtraceSuspender suspender = new(pid);
        try
        {
            suspender.SeizeNewThreads(throwIfNone: true);
            return suspender;
        }
        catch
        {
            suspender.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Stops every thread (seizing new ones first). Returns false when the process has no threads left or a
    /// thread did not stop within <see cref="PauseTimeout"/>; in that case nothing stays paused.
    /// </summary>
    public bool TryPause()
    {
        CheckUsable();
        if (_paused)
        {
            return true;
        }

        long deadline = Environment.TickCount64 + (long)PauseTimeout.TotalMilliseconds;
        for (int round = 0; round < MaxSeizeRounds; round++)
        {
            if (!StopRunningThreads(deadline))
            {
                _paused = true; // so Resume releases the ones that did stop
                Resume();
                return false;
            }

            // All known threads are stopped and so cannot clone; threads created before that are now listed.
            // Listing costs several syscalls, so it is done only when the thread count says it may find one.
            if (!MayHaveNewThreads() || SeizeNewThreads(throwIfNone: false) == 0)
            {
                break;
            }
        }

        _paused = _threads.Count > 0 && _threads.Values.All(state => state is TraceeState.Stopped or TraceeState.GroupStopped);
        if (!_paused && _threads.Count > 0)
        {
            _paused = true;
            Resume();
            return false;
        }

        return _paused;
    }

    /// <summary>Lets every paused thread run again (group-stopped ones stay stopped, see the type comment).</summary>
    public void Resume()
    {
        CheckUsable();
        if (!_paused)
        {
            return;
        }

        foreach (int tid in _threads.Keys.ToArray())
        {
            TraceeState state = _threads[tid];
            // A failure here (ESRCH) means the thread was killed out of its stop; it stays listed until
            // waitpid reports its exit, the only event that removes a thread.
            if (state == TraceeState.GroupStopped)
            {
                _ = Ptrace.Request(Ptrace.PTRACE_LISTEN, tid, 0, 0);
                _threads[tid] = TraceeState.Listening;
            }
            else if (state == TraceeState.Stopped)
            {
                _ = TraceeStop.Continue(tid, 0);
                _threads[tid] = TraceeState.Running;
            }
        }

        _paused = false;
    }

    /// <summary>
    /// While not paused: collects any stop a running thread reported (a signal arriving, a group-stop, a
    /// SIGCONT) and passes it on, without blocking. Returns the number of threads still traced.
    /// </summary>
    public int ServicePendingStops()
    {
        CheckUsable();
        if (!_paused)
        {
            foreach (int tid in _threads.Keys.ToArray())
            {
                SetState(tid, TraceeStop.ServiceRunning(tid, _threads[tid]));
            }
        }

        return _threads.Count;
    }

    /// <summary>Detaches from every thread. Must run on the owning thread (see the type comment).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        CheckOwner();
        _disposed = true;

        // PTRACE_DETACH needs the tracee in a ptrace-stop, so stop what runs, re-injecting pending signals.
        if (!_paused)
        {
            _ = StopRunningThreads(Environment.TickCount64 + 5_000);
        }

        foreach ((int tid, TraceeState state) in _threads)
        {
            // A thread that never stopped still has our trap pending; it is released when our thread exits.
            if (state is TraceeState.Stopped or TraceeState.GroupStopped)
            {
                _ = Ptrace.Request(Ptrace.PTRACE_DETACH, tid, 0, 0);
            }
        }

        _threads.Clear();
        _paused = false;
    }

    /// <summary>Interrupts and collects every thread not yet stopped. False if one missed the deadline.</summary>
    private bool StopRunningThreads(long deadline)
    {
        List<int> waiting = [];
        foreach ((int tid, TraceeState state) in _threads)
        {
            if (state is TraceeState.Running or TraceeState.Listening)
            {
                // ESRCH here means the thread is already gone; the wait below collects its exit.
                _ = Ptrace.Request(Ptrace.PTRACE_INTERRUPT, tid, 0, 0);
                waiting.Add(tid);
            }
        }

        SpinWait spinner = default;
        while (waiting.Count > 0)
        {
            for (int i = waiting.Count - 1; i >= 0; i--)
            {
                if (TraceeStop.TryCollectStop(waiting[i], out TraceeState? state))
                {
                    SetState(waiting[i], state);
                    waiting.RemoveAt(i);
                }
            }

            if (waiting.Count > 0)
            {
                if (Environment.TickCount64 >= deadline)
                {
                    return false; // the laggards keep our pending trap; ServicePendingStops/Dispose collect it
                }

                spinner.SpinOnce(sleep1Threshold: 200);
            }
        }

        return true;
    }

    /// <summary>Seizes threads not traced yet; returns how many were added.</summary>
    /// <summary>
    /// True when /proc counts a thread we do not trace (or cannot say). A thread that exited and one that
    /// started since the last sample cancel out in the count, so the list is also re-read every 100 ms.
    /// </summary>
    private bool MayHaveNewThreads()
    {
        long now = Environment.TickCount64;
        if (now - _lastListing >= RelistIntervalMilliseconds || !ProcFs.TryCountThreads(_pid, out int count) || count != _threads.Count)
        {
            _lastListing = now;
            return true;
        }

        return false;
    }

    private int SeizeNewThreads(bool throwIfNone)
    {
        int added = 0;
        for (int round = 0; round < MaxSeizeRounds; round++)
        {
            IReadOnlyList<int> tids = ProcFs.ListThreads(_pid);
            if (tids.Count == 0 && throwIfNone && _threads.Count == 0)
            {
                throw new TargetAccessException(_pid, Errno.ESRCH, PermissionDiagnosis.Explain(_pid, Errno.ESRCH));
            }

            int addedThisRound = 0;
            foreach (int tid in tids)
            {
                if (_threads.ContainsKey(tid))
                {
                    continue;
                }

                if (Ptrace.Request(Ptrace.PTRACE_SEIZE, tid, 0, 0) == 0)
                {
                    _threads[tid] = TraceeState.Running;
                    addedThisRound++;
                    continue;
                }

                int errno = Errno.Last;
                if (errno != Errno.ESRCH && !IsExitingOrOurs(tid))
                {
                    throw new TargetAccessException(_pid, errno, PermissionDiagnosis.Explain(_pid, errno));
                }
            }

            added += addedThisRound;
            if (addedThisRound == 0)
            {
                break;
            }
        }

        return added;
    }

    /// <summary>
    /// EPERM from PTRACE_SEIZE is harmless when the thread is dying (a zombie leader whose other threads
    /// live on) or when it is still traced by us because its exit report has not been collected yet.
    /// </summary>
    private bool IsExitingOrOurs(int tid)
    {
        string statusPath = $"{ProcFs.ProcessPath(_pid)}/task/{tid}/status";
        if (!ProcFs.TryReadText(statusPath, out string? text) || !ProcStatusParser.TryParse(text, out ProcStatus? status))
        {
            return true; // gone
        }

        return status.State is 'Z' or 'X'
            || (status.TracerPid != 0 && Directory.Exists($"/proc/self/task/{status.TracerPid}"));
    }

    private void SetState(int tid, TraceeState? state)
    {
        if (state is TraceeState known)
        {
            _threads[tid] = known;
        }
        else
        {
            _ = _threads.Remove(tid);
        }
    }

    private void CheckUsable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        CheckOwner();
    }

    private void CheckOwner()
    {
        if (Environment.CurrentManagedThreadId != _ownerThreadId)
        {
            throw new InvalidOperationException("ptrace calls must come from the thread that seized the process.");
        }
    }
}
