using Pyflame.Linux.Interop;

namespace Pyflame.Linux;

/// <summary>
/// Collects and classifies stops of seized threads (the wait-status rules of ptrace(2)).
/// A signal-delivery-stop is never swallowed: the signal is handed straight back with PTRACE_CONT, so the
/// target receives every signal even while we keep some of its threads paused.
/// </summary>
internal static class TraceeStop
{
    /// <summary>
    /// waitpid(-1, __WALL | __WNOTHREAD | WNOHANG): reports any tracee of the CALLING thread (ptrace makes the tracer
    /// a thread), and nothing of other threads' children. One call finds whatever is pending instead of one call per
    /// thread, and collecting every exit matters: a thread-group leader that died is reported only after every other
    /// thread's exit was collected (wait(2), "delay_group_leader"), and an execve waits until the threads it killed
    /// were reaped. It never blocks (see <see cref="PtraceSuspender"/>, "Waiting").
    /// The sampling thread starts no processes, so every event here is a tracee's.
    /// </summary>
    internal static TraceeWait WaitAny(out int tid, out int status)
    {
        const int options = Wait.__WALL | Wait.__WNOTHREAD | Wait.WNOHANG;
        int attempts = 0;
        do
        {
            tid = Wait.WaitPid(-1, out status, options);
        }
        while (tid < 0 && Errno.Last == Errno.EINTR && ++attempts < 64);

        return tid > 0 ? TraceeWait.Event : tid == 0 || attempts >= 64 ? TraceeWait.Nothing : TraceeWait.NoTracees;
    }

    /// <summary>True when the wait status says the thread is gone.</summary>
    internal static bool IsExit(int status) => Wait.Exited(status) || Wait.Signaled(status);

    /// <summary>
    /// A stop of a thread we interrupted and wait for. Returns its final state (Stopped or GroupStopped), or
    /// null when this was a signal-delivery-stop: the signal is re-injected and our PTRACE_INTERRUPT stays pending
    /// (the kernel checks job-control traps before dequeuing signals, so a signal stop seen after an interrupt
    /// means the trap has not fired yet) and fires right after the handler frame is set up. Interrupting AGAIN
    /// would be wrong: if the trap fired first, a second one would stop the thread after Resume.
    /// If CONT fails the thread was killed meanwhile; its exit report comes later.
    /// </summary>
    internal static TraceeState? OnStopWhilePausing(int tid, int status)
    {
        int signal = Wait.StopSignal(status);
        if (Wait.PtraceEvent(status) != 0)
        {
            // PTRACE_EVENT_STOP: our interrupt (SIGTRAP) or a group-stop (the stopping signal).
            return Signals.IsStopSignal(signal) ? TraceeState.GroupStopped : TraceeState.Stopped;
        }

        _ = Continue(tid, signal);
        return null;
    }

    /// <summary>
    /// A stop of a thread that is meant to run: released at once so a traced target never waits on us.
    /// Returns the new state.
    /// </summary>
    internal static TraceeState OnStopWhileRunning(int tid, int status)
    {
        int signal = Wait.StopSignal(status);
        if (Wait.PtraceEvent(status) != 0 && Signals.IsStopSignal(signal))
        {
            // Entered a group-stop: keep it stopped in the job-control sense, as without a tracer.
            // (Failure means it was killed out of the stop: its exit report comes later.)
            _ = Ptrace.Request(Ptrace.PTRACE_LISTEN, tid, 0, 0);
            return TraceeState.Listening;
        }

        // A late interrupt trap / SIGCONT wake-up from LISTEN (event) or a real signal (no event).
        _ = Continue(tid, Wait.PtraceEvent(status) != 0 ? 0 : signal);
        return TraceeState.Running;
    }

    /// <summary>PTRACE_CONT, delivering <paramref name="signal"/> (0 for none). False if the thread is gone.</summary>
    internal static bool Continue(int tid, int signal) =>
        Ptrace.Request(Ptrace.PTRACE_CONT, tid, 0, signal) == 0;
}
