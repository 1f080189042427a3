using Pyflame.Linux.Interop;

namespace Pyflame.Linux;

/// <summary>
/// Collects and classifies stops of one seized thread (the wait-status rules of ptrace(2)).
/// A signal-delivery-stop is never swallowed: the signal is handed straight back with PTRACE_CONT and the
/// thread is interrupted again, so the target receives every signal even while we keep it paused.
/// </summary>
internal static class TraceeStop
{
    /// <summary>Bounds one service call when a signal storm keeps arriving.</summary>
    private const int MaxStopsPerService = 64;

    /// <summary>
    /// Non-blocking step of a pause: collects what <paramref name="tid"/> reported after PTRACE_INTERRUPT.
    /// Returns false while nothing final is known yet (still running, or a signal was just re-injected);
    /// true with <paramref name="state"/> Stopped/GroupStopped, or null when the thread is gone.
    /// Callers poll all threads round-robin: a dead thread-group leader is only reported after every other
    /// thread's exit was collected, so waiting on threads one by one could stall on the leader.
    /// </summary>
    internal static bool TryCollectStop(int tid, out TraceeState? state)
    {
        state = TraceeState.Running;
        int result;
        int status;
        do
        {
            result = Wait.WaitPid(tid, out status, Wait.__WALL | Wait.WNOHANG);
        }
        while (result < 0 && Errno.Last == Errno.EINTR);

        if (result == 0)
        {
            return false;
        }

        if (result < 0 || Wait.Exited(status) || Wait.Signaled(status))
        {
            state = null; // ECHILD: no longer our tracee; or it exited.
            return true;
        }

        if (!Wait.Stopped(status))
        {
            return false;
        }

        int signal = Wait.StopSignal(status);
        if (Wait.PtraceEvent(status) != 0)
        {
            // PTRACE_EVENT_STOP: our interrupt (SIGTRAP) or a group-stop (the stopping signal).
            state = Signals.IsStopSignal(signal) ? TraceeState.GroupStopped : TraceeState.Stopped;
            return true;
        }

        // Signal-delivery-stop: give the signal back now. Our PTRACE_INTERRUPT is still pending (the kernel
        // checks job-control traps before dequeuing signals, so a signal stop seen after an interrupt means
        // the trap has not fired yet) and fires right after the handler frame is set up. Interrupting AGAIN
        // would be wrong: if the trap fired first, a second one would stop the thread after Resume.
        // If CONT fails the thread was killed meanwhile; its exit report arrives on a later poll.
        _ = Continue(tid, signal);
        return false;
    }

    /// <summary>
    /// Non-blocking: handles whatever stop <paramref name="tid"/> reported while it was supposed to run,
    /// so a traced target is never left waiting on us. Returns the new state, or null when the thread is gone.
    /// </summary>
    internal static TraceeState? ServiceRunning(int tid, TraceeState current)
    {
        for (int round = 0; round < MaxStopsPerService; round++)
        {
            int result = Wait.WaitPid(tid, out int status, Wait.__WALL | Wait.WNOHANG);
            if (result < 0)
            {
                if (Errno.Last == Errno.EINTR)
                {
                    continue;
                }

                return null;
            }

            if (result == 0)
            {
                return current;
            }

            if (Wait.Exited(status) || Wait.Signaled(status))
            {
                return null;
            }

            if (!Wait.Stopped(status))
            {
                continue;
            }

            int signal = Wait.StopSignal(status);
            bool released;
            if (Wait.PtraceEvent(status) != 0 && Signals.IsStopSignal(signal))
            {
                // Entered a group-stop: keep it stopped in the job-control sense, as without a tracer.
                released = Ptrace.Request(Ptrace.PTRACE_LISTEN, tid, 0, 0) == 0;
                current = TraceeState.Listening;
            }
            else
            {
                // A late interrupt trap / SIGCONT wake-up from LISTEN (event) or a real signal (no event).
                released = Continue(tid, Wait.PtraceEvent(status) != 0 ? 0 : signal);
                current = TraceeState.Running;
            }

            // Not released means killed out of the stop: keep it until waitpid reports the exit.
            if (!released)
            {
                return TraceeState.Running;
            }
        }

        return current;
    }

    /// <summary>PTRACE_CONT, delivering <paramref name="signal"/> (0 for none). False if the thread is gone.</summary>
    internal static bool Continue(int tid, int signal) =>
        Ptrace.Request(Ptrace.PTRACE_CONT, tid, 0, signal) == 0;
}
