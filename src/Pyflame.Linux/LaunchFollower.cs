using System.Diagnostics;
using Pyflame.Linux.Interop;

namespace Pyflame.Linux;

/// <summary>
/// Follows a launched command from before its first exec until one of its processes has a Python interpreter
/// ready to sample, and holds that process there, so even a program that lasts a few milliseconds is seen from
/// its start. The first process is seized (PTRACE_SEIZE: no stop) with fork, vfork and exec events, so every
/// process the command starts is traced from its first instruction and every exec is seen. After an exec,
/// <see cref="ILaunchWatcher.MayBecomePython"/> decides: a possible Python is stepped from system call to
/// system call (PTRACE_SYSCALL; the follower only reads) and checked at each stop until
/// <see cref="ILaunchWatcher.IsReady"/>, and is then left in that syscall-stop; any other image runs freely
/// and stops only at its forks and execs. Whenever nothing happens for a moment every process is checked too (a
/// program may load libpython late, or run its interpreter on a thread of its own).
/// <para>
/// Signals reaching a traced process are passed on at once; group-stops are kept (PTRACE_LISTEN), as untraced.
/// </para>
/// <para>
/// THREADING: as for <see cref="PtraceSuspender"/>, every call must come from the thread that seized. When
/// that thread exits, the kernel detaches whatever it still traces, running; <see cref="Dispose"/> detaches
/// the process found (so another thread can seize it at once) and leaves the rest to that. If pyflame dies,
/// the kernel detaches everything the same way: no process of the command is left stopped.
/// </para>
/// </summary>
public sealed class LaunchFollower : IDisposable
{
    /// <summary>
    /// Syscall-stops after which a possible Python that never got ready (it may not initialise Python at all,
    /// or only much later) runs freely instead. CPython reaches a ready interpreter within about 300 system calls.
    /// </summary>
    internal const int MaxSteps = 20_000;

    /// <summary>How long a quiet wait spins for a stepped process's next stop before it sleeps.</summary>
    private static readonly TimeSpan QuietSpin = TimeSpan.FromMicroseconds(100);

    private const int Options = Ptrace.PTRACE_O_TRACESYSGOOD | Ptrace.PTRACE_O_TRACEFORK | Ptrace.PTRACE_O_TRACEVFORK | Ptrace.PTRACE_O_TRACEEXEC;

    private readonly ILaunchWatcher _watcher;
    private readonly int _ownerThreadId = Environment.CurrentManagedThreadId;
    private readonly Dictionary<int, FollowedProcess> _processes = [];
    private int? _found;
    private bool _held;

    /// <summary>Threads of the found process other than its first, seized and stopped by <see cref="TryHoldRunning"/>.</summary>
    private readonly List<int> _heldThreads = [];

    private LaunchFollower(ILaunchWatcher watcher) => _watcher = watcher;

    /// <summary>The process that was found ready; in a syscall-stop until <see cref="Dispose"/> when <see cref="Held"/>.</summary>
    public int? Found => _found;

    /// <summary>True when <see cref="Found"/> was caught at start-up and is stopped; false when it was found running.</summary>
    public bool Held => _held;

    /// <summary>The last process that might have become Python (its exec said so) but never got ready.</summary>
    public int? LastPossiblePython { get; private set; }

    /// <summary>Seizes <paramref name="pid"/> and everything it will start; null when ptrace refuses (another tracer, policy).</summary>
    public static LaunchFollower? TrySeize(int pid, ILaunchWatcher watcher)
    {
        if (Ptrace.Request(Ptrace.PTRACE_SEIZE, pid, 0, Options) != 0)
        {
            return null;
        }

        LaunchFollower follower = new(watcher);
        FollowedProcess first = new();
        follower._processes[pid] = first;
        if (watcher.MayBecomePython(pid))
        {
            // It exec'd before we seized it: stop it (the stop resumes it stepping).
            first.Stepping = true;
            follower.LastPossiblePython = pid;
            _ = Ptrace.Request(Ptrace.PTRACE_INTERRUPT, pid, 0, 0);
        }

        return follower;
    }

    /// <summary>
    /// Follows until a process is ready (its pid, see <see cref="Held"/>) or every followed process has exited
    /// or <paramref name="cancellation"/> fired (null).
    /// </summary>
    public int? Follow(CancellationToken cancellation)
    {
        CheckOwner();
        long quietSince = Stopwatch.GetTimestamp();
        while (_found is null && _processes.Count > 0 && !cancellation.IsCancellationRequested)
        {
            switch (TraceeStop.WaitAny(out int pid, out int status))
            {
                case TraceeWait.NoTracees:
                    _processes.Clear();
                    break;
                case TraceeWait.Event:
                    OnEvent(pid, status, looking: true);
                    quietSince = Stopwatch.GetTimestamp();
                    break;
                case TraceeWait.Nothing when _processes.Values.Any(p => p.Stepping) && Stopwatch.GetElapsedTime(quietSince) < QuietSpin:
                    Thread.SpinWait(20); // a stepped process that runs stops again within microseconds
                    break;
                default:
                    // Quiet: check every process, stepped ones too (an embedder may run Python on a thread of
                    // its own, which makes no syscall-stops here), then give the CPU away for a moment.
                    CheckQuietProcesses();
                    if (_found is null)
                    {
                        Thread.Sleep(1);
                    }

                    quietSince = Stopwatch.GetTimestamp();
                    break;
            }
        }

        return _found;
    }

    /// <summary>While the found process is held: keeps the others' stops serviced until <paramref name="release"/> is set.</summary>
    public void HoldUntil(WaitHandle release)
    {
        CheckOwner();
        while (!release.WaitOne(0))
        {
            switch (TraceeStop.WaitAny(out int pid, out int status))
            {
                case TraceeWait.Event:
                    OnEvent(pid, status, looking: false);
                    break;
                default:
                    _ = release.WaitOne(1);
                    break;
            }
        }
    }

    /// <summary>
    /// Lets every followed process go but the one found (each is stopped and detached; forks they make meanwhile are
    /// followed and let go too). What samples on this thread next must not leave them waiting in a stop of ours.
    /// </summary>
    public void DetachOthers()
    {
        CheckOwner();
        while (_processes.Keys.Where(pid => pid != _found).Cast<int?>().FirstOrDefault() is int other)
        {
            StopAndDetach(other);
            _ = _processes.Remove(other);
        }
    }

    /// <summary>
    /// Hands the held process over to a pauser on this same thread, so it never runs untraced between the two (a
    /// program of a few milliseconds would be over by then on a loaded machine): the others are let go, and the
    /// found one keeps its stop, tracing only the exec event the pauser expects. Null when nothing is held.
    /// </summary>
    public PtraceSuspender? HandOverFound(NamespaceThreadIds namespaceIds)
    {
        CheckOwner();
        if (_found is not int found || !_held || !_processes.ContainsKey(found))
        {
            return null;
        }

        DetachOthers();
        _ = Ptrace.Request(Ptrace.PTRACE_SETOPTIONS, found, 0, Ptrace.PTRACE_O_TRACEEXEC);
        _processes.Clear();
        _found = null; // the pauser's now: Dispose leaves it alone
        PtraceSuspender adopted = PtraceSuspender.Adopt(found, namespaceIds, [found, .. _heldThreads]);
        _heldThreads.Clear();
        return adopted;
    }

    /// <summary>Detaches the process found (stopping it first if it runs). Must run on the seizing thread.</summary>
    public void Dispose()
    {
        CheckOwner();
        if (_found is int found && _processes.ContainsKey(found))
        {
            if (_held)
            {
                _ = Ptrace.Request(Ptrace.PTRACE_DETACH, found, 0, 0);
                foreach (int tid in _heldThreads)
                {
                    _ = Ptrace.Request(Ptrace.PTRACE_DETACH, tid, 0, 0);
                }

                _heldThreads.Clear();
            }
            else
            {
                StopAndDetach(found);
            }
        }

        _processes.Clear();
    }

    private void OnEvent(int pid, int status, bool looking)
    {
        if (TraceeStop.IsExit(status))
        {
            _ = _processes.Remove(pid);
            _watcher.Forget(pid);
            return;
        }

        if (!Wait.Stopped(status))
        {
            return;
        }

        if (!_processes.TryGetValue(pid, out FollowedProcess? process))
        {
            // A forked child can report its attach stop before its parent reports the fork.
            process = new FollowedProcess { Fresh = true };
            _processes[pid] = process;
        }

        int signal = Wait.StopSignal(status);
        switch (Wait.PtraceEvent(status))
        {
            case 0 when signal == Ptrace.SyscallStopSignal:
                OnSyscallStop(pid, process, looking);
                break;
            case 0:
                Resume(pid, process, signal); // a signal for the process: deliver it
                break;
            case Ptrace.PTRACE_EVENT_EXEC:
                OnExec(pid, process, looking);
                break;
            case Ptrace.PTRACE_EVENT_FORK or Ptrace.PTRACE_EVENT_VFORK:
                if (Ptrace.TryGetEventMessage(pid, out ulong child) && child is > 0 and <= int.MaxValue)
                {
                    _ = _processes.TryAdd((int)child, new FollowedProcess { Fresh = true });
                }

                Resume(pid, process, 0);
                break;
            case Ptrace.PTRACE_EVENT_STOP when !process.Fresh && Signals.IsStopSignal(signal):
                // A group-stop (SIGSTOP, Ctrl-Z): stay stopped as without a tracer, until SIGCONT.
                _ = Ptrace.Request(Ptrace.PTRACE_LISTEN, pid, 0, 0);
                break;
            default:
                // The attach stop of a new child, our interrupt, or the wake-up after a group-stop.
                process.Fresh = false;
                Resume(pid, process, 0);
                break;
        }
    }

    private void OnSyscallStop(int pid, FollowedProcess process, bool looking)
    {
        if (looking && _watcher.IsReady(pid))
        {
            _found = pid;
            _held = true;
            StopStepping();
            // Left in its syscall-stop. An embedder's interpreter may run on another thread, not traced: stop it too.
            _ = TryHoldRunning(pid, firstStopped: true);
            return;
        }

        if (++process.Steps > MaxSteps || !looking)
        {
            process.Stepping = false;
        }

        Resume(pid, process, 0);
    }

    private void OnExec(int pid, FollowedProcess process, bool looking)
    {
        _watcher.Forget(pid);
        process.Fresh = false;
        process.Steps = 0;
        process.Stepping = looking && _watcher.MayBecomePython(pid);
        if (process.Stepping)
        {
            LastPossiblePython = pid;
        }

        Resume(pid, process, 0);
    }

    /// <summary>
    /// Between events: a process running freely may have loaded Python by itself (dlopen), and a stepped one may
    /// run its interpreter on another thread, which is not traced (an embedder's). One found so is stopped at once,
    /// every thread of it (<see cref="TryHoldRunning"/>), so it is held from here as one caught at a system call.
    /// </summary>
    private void CheckQuietProcesses()
    {
        foreach ((int pid, FollowedProcess process) in _processes)
        {
            if (!process.Fresh && _watcher.IsReady(pid))
            {
                _found = pid;
                StopStepping();
                _held = TryHoldRunning(pid, firstStopped: false);
                return;
            }
        }
    }

    /// <summary>
    /// Stops every thread of <paramref name="pid"/>: those not traced yet are seized (exec events only, as the pauser
    /// that takes them over wants), then all are interrupted and their stops collected; a signal arriving meanwhile is
    /// passed on (our interrupt stays pending). Other processes' events are serviced. False, with whatever stopped
    /// let go again, when a thread does not stop within a second (it then runs on, found but not held).
    /// With <paramref name="firstStopped"/> the thread <paramref name="pid"/> is already in a stop of ours and is left as it is.
    /// </summary>
    private bool TryHoldRunning(int pid, bool firstStopped)
    {
        HashSet<int> waiting = firstStopped ? [] : [pid];
        foreach (int tid in ProcFs.ListThreads(pid))
        {
            if (tid != pid && Ptrace.Request(Ptrace.PTRACE_SEIZE, tid, 0, Ptrace.PTRACE_O_TRACEEXEC) == 0)
            {
                _heldThreads.Add(tid);
                _ = waiting.Add(tid);
            }
        }

        foreach (int tid in waiting)
        {
            _ = Ptrace.Request(Ptrace.PTRACE_INTERRUPT, tid, 0, 0);
        }

        long deadline = Environment.TickCount64 + 1_000;
        while (waiting.Count > 0 && Environment.TickCount64 < deadline)
        {
            switch (TraceeStop.WaitAny(out int tid, out int status))
            {
                case TraceeWait.NoTracees:
                    return false;
                case TraceeWait.Nothing:
                    Thread.Sleep(0);
                    continue;
            }

            if (!waiting.Contains(tid))
            {
                if (tid == pid || _heldThreads.Contains(tid))
                {
                    // Already stopped: only its death can be reported (a SIGKILL); it must not be handed over.
                    if (TraceeStop.IsExit(status))
                    {
                        _ = _heldThreads.Remove(tid);
                    }

                    continue;
                }

                OnEvent(tid, status, looking: false);
            }
            else if (TraceeStop.IsExit(status))
            {
                _ = waiting.Remove(tid);
                _ = _heldThreads.Remove(tid);
            }
            else if (Wait.Stopped(status) && Wait.PtraceEvent(status) == 0 && Wait.StopSignal(status) != Ptrace.SyscallStopSignal)
            {
                _ = Ptrace.Request(Ptrace.PTRACE_CONT, tid, 0, Wait.StopSignal(status)); // a signal: deliver it, our trap follows
            }
            else if (Wait.Stopped(status))
            {
                _ = waiting.Remove(tid);
            }
        }

        if (waiting.Count == 0)
        {
            return true;
        }

        foreach (int tid in _heldThreads)
        {
            _ = Ptrace.Request(Ptrace.PTRACE_DETACH, tid, 0, 0);
        }

        _heldThreads.Clear();
        return false;
    }

    private void StopStepping()
    {
        foreach (FollowedProcess process in _processes.Values)
        {
            process.Stepping = false;
        }
    }

    private static void Resume(int pid, FollowedProcess process, int signal) =>
        _ = Ptrace.Request(process.Stepping ? Ptrace.PTRACE_SYSCALL : Ptrace.PTRACE_CONT, pid, 0, signal);

    /// <summary>
    /// PTRACE_DETACH needs a ptrace-stop: interrupts the process and detaches at its next stop, passing on a signal
    /// it was stopped for; other processes' stops meanwhile are serviced. Bounded: one that never stops (D state)
    /// is released when this thread exits.
    /// </summary>
    private void StopAndDetach(int target)
    {
        _ = Ptrace.Request(Ptrace.PTRACE_INTERRUPT, target, 0, 0);
        long deadline = Environment.TickCount64 + 2_000;
        while (Environment.TickCount64 < deadline)
        {
            switch (TraceeStop.WaitAny(out int pid, out int status))
            {
                case TraceeWait.NoTracees:
                    return;
                case TraceeWait.Nothing:
                    Thread.Sleep(1);
                    continue;
            }

            if (pid != target)
            {
                OnEvent(pid, status, looking: false);
            }
            else if (TraceeStop.IsExit(status))
            {
                return;
            }
            else if (Wait.Stopped(status))
            {
                int signal = Wait.PtraceEvent(status) == 0 && Wait.StopSignal(status) != Ptrace.SyscallStopSignal ? Wait.StopSignal(status) : 0;
                _ = Ptrace.Request(Ptrace.PTRACE_DETACH, target, 0, signal);
                return;
            }
        }
    }

    private void CheckOwner()
    {
        if (Environment.CurrentManagedThreadId != _ownerThreadId)
        {
            throw new InvalidOperationException("ptrace calls must come from the thread that seized the process.");
        }
    }
}
