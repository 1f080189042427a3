using System.Diagnostics;
using Pyflame.Core.ProcFs;
using Pyflame.Core.Targets;
using Pyflame.Linux.Interop;

namespace Pyflame.Linux;

/// <summary>
/// Pauses threads of a process so a sample sees a consistent stack ("blocking" mode): all of them, or only
/// the ones named (<see cref="TryPause(IReadOnlyCollection{int})"/>), leaving the rest running.
/// Threads are attached once with PTRACE_SEIZE, which (unlike PTRACE_ATTACH) sends no SIGSTOP, and each
/// pause is PTRACE_INTERRUPT per thread, then waitpid; a full pause re-lists <c>/proc/PID/task</c> when its link
/// count says threads were started meanwhile, a targeted one when it names a thread not seized yet.
/// <para>
/// Waiting: after the interrupts, stops are collected with waitpid(-1, WNOHANG) (see <see cref="TraceeStop.WaitAny"/>),
/// spinning for <see cref="PollTicks"/>, then sleeping between polls (<see cref="TraceePoll"/>) so the tracer gives
/// its CPU to the target (on a busy machine that is what delays the stop), until <see cref="PauseTimeout"/>. The
/// wait never blocks: waitpid has no timeout, and a stop that never comes (a thread in D state, a pending trap the
/// kernel dropped in an execve) would hold the sampler, the rest of the target and pyflame's signal handling for good.
/// </para>
/// <para>
/// execve: threads are seized with PTRACE_O_TRACEEXEC, so an exec (from any thread) is a PTRACE_EVENT_EXEC stop
/// of the process's one remaining thread. The old threads are gone, the old memory with them: the pauser lets that
/// thread go at once (detach), traces nothing more, and says so (<see cref="ProgramReplaced"/>); every later pause
/// fails. Exits of threads killed by the exec are collected at every pause and between samples; the exec waits for
/// that (a traced thread stays a zombie until its tracer reaps it), so it must never wait long.
/// </para>
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
    /// <summary>
    /// How long a pause spins on polls for the stops before it sleeps between them: a running thread traps within
    /// microseconds of the interrupt, and noticing at once (rather than after a sleep and a wake-up) is what keeps
    /// the target's stop short.
    /// </summary>
    private static readonly long PollTicks = Stopwatch.Frequency / 20_000; // 50 µs

    /// <summary>Bounds one service call when a signal storm keeps arriving.</summary>
    private const int MaxStopsPerService = 64;

    private readonly int _pid;
    private readonly int _ownerThreadId = Environment.CurrentManagedThreadId;
    private readonly Dictionary<int, TraceeState> _threads = [];
    private readonly HashSet<int> _waiting = [];

    private bool _paused;
    private bool _disposed;

    /// <summary>True from <see cref="Adopt"/> until the held thread is first let go.</summary>
    private bool _adopted;

    private readonly ThreadSeizer _seizer;
    private readonly ProgramImageWatch _image;
    private readonly NamespaceThreadIds _namespaceIds;
    private readonly List<int> _hostIds = [];

    private PtraceSuspender(int pid, NamespaceThreadIds namespaceIds)
    {
        _pid = pid;
        _seizer = new ThreadSeizer(pid, _threads);
        _image = new ProgramImageWatch(pid);
        _namespaceIds = namespaceIds;
    }

    public int ProcessId => _pid;

    /// <summary>How long a pause waits for threads that may not stop at once (D state, see the type comment).</summary>
    public TimeSpan PauseTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>True once the target called execve: it was released and nothing is traced any more.</summary>
    public bool ProgramReplaced { get; private set; }

    /// <summary>
    /// True while the process is in a group-stop someone else caused (SIGSTOP, SIGTSTP, Ctrl-Z): its main thread (or,
    /// once that has exited, any thread) reported a PTRACE_EVENT_STOP with a stopping signal and has not been woken by
    /// SIGCONT since. /proc shows such a thread as "t (tracing stop)" like our own short stops, so only the tracer
    /// can tell; it is up to date after every pause and <see cref="ServicePendingStops"/>.
    /// </summary>
    public bool IsGroupStopped => _threads.TryGetValue(_pid, out TraceeState main)
        ? IsGroupStopState(main)
        : _threads.Values.Any(IsGroupStopState);

    /// <summary>True between a successful TryPause and <see cref="Resume"/>.</summary>
    public bool IsPaused => _paused;

    /// <summary>Thread ids currently traced.</summary>
    public IReadOnlyCollection<int> ThreadIds => _threads.Keys;

    /// <summary>Seizes every thread of <paramref name="pid"/>; throws <see cref="TargetAccessException"/> when not allowed.</summary>
    /// <param name="namespaceIds">Maps the thread ids the target knows (its PID namespace's) to ours; read from /proc when null.</param>
    public static PtraceSuspender Seize(int pid, NamespaceThreadIds? namespaceIds = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pid);
        PtraceSuspender suspender = new(pid, namespaceIds ?? NamespaceThreadIds.For(pid));
        try
        {
            _ = suspender.SeizeNewThreads(throwIfNone: true);
            return suspender;
        }
        catch
        {
            suspender.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Takes over a process this thread already traces and holds stopped (<see cref="LaunchFollower.HandOverFound"/>):
    /// its <paramref name="stoppedThreads"/> count as paused, so the first sample reads it before it ran any further.
    /// Its other threads, if any, are seized at the first pause like any new thread. The first <see cref="Resume"/>
    /// lets it go, or <see cref="ServicePendingStops"/> between samples if the first sample paused nothing.
    /// </summary>
    internal static PtraceSuspender Adopt(int pid, NamespaceThreadIds namespaceIds, IEnumerable<int> stoppedThreads)
    {
        PtraceSuspender suspender = new(pid, namespaceIds);
        foreach (int tid in stoppedThreads)
        {
            suspender._threads[tid] = TraceeState.Stopped;
        }

        suspender._paused = true;
        suspender._adopted = true;
        return suspender;
    }

    /// <summary>
    /// Stops every thread (seizing new ones first). Returns false when the process has no threads left or a
    /// thread did not stop within <see cref="PauseTimeout"/>; in that case nothing stays paused.
    /// </summary>
    public bool TryPause()
    {
        CheckUsable();
        if (ProgramReplaced)
        {
            return false;
        }

        long deadline = Environment.TickCount64 + (long)PauseTimeout.TotalMilliseconds;
        for (int round = 0; round < ThreadSeizer.MaxSeizeRounds; round++)
        {
            if (!StopThreads(_threads.Keys, deadline))
            {
                return FailPause();
            }

            // All known threads are stopped and so cannot clone; threads created before that are now listed.
            // Listing costs several syscalls, so it is done only when the thread count says it may find one.
            if (!_seizer.MayHaveNewThreads() || SeizeNewThreads(throwIfNone: false) == 0)
            {
                break;
            }
        }

        _paused = _threads.Count > 0 && _threads.Values.All(IsPausedState);
        return _paused || FailPause();
    }

    /// <summary>
    /// Stops the threads named (and keeps any already stopped), leaving every other thread running. The ids are
    /// the target's own (CPython's native_thread_id: its PID namespace's numbers when it runs in a container).
    /// False when one is not a thread of this process (only ids /proc lists under it are ever touched), exited,
    /// or did not stop within <see cref="PauseTimeout"/>; in that case nothing stays paused.
    /// </summary>
    public bool TryPause(IReadOnlyCollection<int> threadIds)
    {
        CheckUsable();
        if (ProgramReplaced || !TryTranslate(threadIds))
        {
            return FailPause();
        }

        threadIds = _hostIds;
        if (!AllTraced(threadIds) && (SeizeNewThreads(throwIfNone: false) == 0 || !AllTraced(threadIds)))
        {
            return FailPause();
        }

        if (!StopThreads(threadIds, Environment.TickCount64 + (long)PauseTimeout.TotalMilliseconds))
        {
            return FailPause();
        }

        foreach (int tid in threadIds)
        {
            if (!_threads.TryGetValue(tid, out TraceeState state) || !IsPausedState(state))
            {
                return FailPause(); // it exited
            }
        }

        _paused = true;
        return true;
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
        _adopted = false;
    }

    /// <summary>
    /// While not paused: collects any stop a running thread reported (a signal arriving, a group-stop, a
    /// SIGCONT) and passes it on, without blocking. Returns the number of threads still traced.
    /// </summary>
    public int ServicePendingStops()
    {
        CheckUsable();
        if (_adopted)
        {
            Resume(); // the first sample did not pause: the thread held since before the run must not wait longer
        }

        if (!_paused)
        {
            int budget = MaxStopsPerService + _threads.Count;
            for (int handled = 0; handled < budget; handled++)
            {
                if (!CollectOne())
                {
                    break;
                }
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

        // PTRACE_DETACH needs the tracee in a ptrace-stop, so stop what runs (also after a targeted pause),
        // re-injecting pending signals.
        // Bounded like a pause: a thread that will not stop must not keep the others stopped.
        _ = StopThreads(_threads.Keys, Environment.TickCount64 + (long)PauseTimeout.TotalMilliseconds);
        foreach ((int tid, TraceeState state) in _threads)
        {
            // A thread that never stopped still has our trap pending; it is released when our thread exits.
            if (IsPausedState(state))
            {
                _ = Ptrace.Request(Ptrace.PTRACE_DETACH, tid, 0, 0);
            }
        }

        _threads.Clear();
        _paused = false;
        _image.Dispose();
    }

    /// <summary>
    /// Seizes the threads started since the last look. A thread that called execve while we did not trace it yet
    /// brings no exec event: the threads we traced just vanish, and the one seized now may be the new program's
    /// (a re-exec of a static, non-PIE python even has every address where it was, so samples would go on, of
    /// another program). So whenever threads were added, or seizing took reaping (<see cref="SeizeDeadlockBreaker"/>),
    /// the address space is checked (one read); once it is gone, what is left is let go, as on an exec event.
    /// Returns how many threads were added.
    /// </summary>
    private int SeizeNewThreads(bool throwIfNone)
    {
        int added = _seizer.SeizeNewThreads(throwIfNone);
        if ((added > 0 || _seizer.ReapedWhileSeizing) && _image.AddressSpaceGone())
        {
            ReleaseReplacedProgram();
            return 0;
        }

        return added;
    }

    /// <summary>
    /// After an exec only the process id is left, a new thread running the new program. It is ours only if the seize
    /// that waited on the exec took it (the seize completes once the exec did); it is stopped and let go.
    /// </summary>
    private void ReleaseReplacedProgram()
    {
        _threads.Clear();
        if (Ptrace.Request(Ptrace.PTRACE_INTERRUPT, _pid, 0, 0) == 0)
        {
            _threads[_pid] = TraceeState.Running;
            _ = StopThreads([_pid], Environment.TickCount64 + (long)PauseTimeout.TotalMilliseconds);
            if (_threads.TryGetValue(_pid, out TraceeState state) && IsPausedState(state))
            {
                _ = Ptrace.Request(Ptrace.PTRACE_DETACH, _pid, 0, 0);
            }
        }

        _threads.Clear();
        _waiting.Clear();
        ProgramReplaced = true;
    }

    /// <summary>
    /// Interrupts and collects the named threads not yet stopped. False if one missed the deadline (it keeps our
    /// pending trap; a later wait sees it and lets it go on). Gone threads are dropped, not waited for.
    /// </summary>
    private bool StopThreads(IEnumerable<int> threadIds, long deadline)
    {
        _waiting.Clear();
        foreach (int tid in threadIds)
        {
            if (_threads.TryGetValue(tid, out TraceeState state) && state is TraceeState.Running or TraceeState.Listening)
            {
                // ESRCH here means the thread is already gone; the wait below collects its exit.
                _ = Ptrace.Request(Ptrace.PTRACE_INTERRUPT, tid, 0, 0);
                _ = _waiting.Add(tid);
            }
        }

        TraceePoll poll = new(PollTicks);
        while (_waiting.Count > 0)
        {
            if (CollectOne())
            {
                continue;
            }

            if (_threads.Count == 0)
            {
                _waiting.Clear();
                break;
            }

            if (Environment.TickCount64 >= deadline)
            {
                return false;
            }

            poll.Pause();
        }

        return true;
    }

    /// <summary>
    /// Polls once for any tracee and handles what it reports; false when nothing was pending (or nothing is traced
    /// any more, in which case the list is emptied).
    /// </summary>
    private bool CollectOne()
    {
        switch (TraceeStop.WaitAny(out int tid, out int status))
        {
            case TraceeWait.Nothing:
                return false;
            case TraceeWait.NoTracees:
                _threads.Clear();
                return false;
        }

        if (Wait.Stopped(status) && Wait.PtraceEvent(status) == Ptrace.PTRACE_EVENT_EXEC)
        {
            // Reported under the process id, whichever thread called execve (and even if that id was not traced).
            OnExec(tid);
            return true;
        }

        if (!_threads.TryGetValue(tid, out TraceeState current))
        {
            return true; // not a thread of ours (see TraceeStop.WaitAny)
        }

        if (TraceeStop.IsExit(status))
        {
            _ = _threads.Remove(tid);
            _ = _waiting.Remove(tid);
        }
        else if (!Wait.Stopped(status))
        {
            return true;
        }
        else if (_waiting.Contains(tid))
        {
            if (TraceeStop.OnStopWhilePausing(tid, status) is TraceeState final)
            {
                _threads[tid] = final;
                _ = _waiting.Remove(tid);
            }
        }
        else if (current is TraceeState.Running or TraceeState.Listening)
        {
            _threads[tid] = TraceeStop.OnStopWhileRunning(tid, status);
        }

        return true;
    }

    /// <summary>
    /// The process replaced its program. Only <paramref name="tid"/> (now the process id) is left, stopped in the exec
    /// event: it is let go, and nothing of the old program is traced or waited for any more.
    /// </summary>
    private void OnExec(int tid)
    {
        _ = Ptrace.Request(Ptrace.PTRACE_DETACH, tid, 0, 0);
        _threads.Clear();
        _waiting.Clear();
        ProgramReplaced = true;
    }

    /// <summary>Fills <see cref="_hostIds"/>; false when an id of a containerised target has no known host id (never guess one).</summary>
    private bool TryTranslate(IReadOnlyCollection<int> threadIds)
    {
        _hostIds.Clear();
        foreach (int id in threadIds)
        {
            int host = _namespaceIds.ToHost(id);
            if (_namespaceIds.IsSeparateNamespace && host == id)
            {
                return false;
            }

            _hostIds.Add(host);
        }

        return true;
    }

    private bool AllTraced(IReadOnlyCollection<int> threadIds)
    {
        foreach (int tid in threadIds)
        {
            if (!_threads.ContainsKey(tid))
            {
                return false;
            }
        }

        return true;
    }

    private bool FailPause()
    {
        _paused = true; // so Resume releases the ones that did stop
        Resume();
        return false;
    }

    private static bool IsGroupStopState(TraceeState state) => state is TraceeState.GroupStopped or TraceeState.Listening;

    private static bool IsPausedState(TraceeState state) => state is TraceeState.Stopped or TraceeState.GroupStopped;

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
