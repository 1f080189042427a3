using Pyflame.Linux.Interop;

namespace Pyflame.Linux;

/// <summary>
/// Collects and classifies stops of one seized thread (the wait-status rules of ptrace(2)).
/// A signal-delivery-stop is never swallowed: the signal is handed straight back with PTRACE_CONT and the
/// thread is interrupted again, so the target receives every signal even while we keep it paused.
/// </summary>
internal static class TraceeStop
{
    /// <summary>Bounds re-injection when a signal storm keeps arriving.</summary>
    private const int MaxSignalsPerWait = 64;

    /// <summary>
    /// Waits until <paramref name="tid"/> is in a stop we can hold, or <paramref name="deadline"/> passes.
    /// Returns Stopped/GroupStopped, Running on timeout, or null when the thread is gone.
    /// </summary>
    internal static TraceeState? WaitForStop(int tid, long deadline)
    {
        SpinWait spinner = default;
        int reinjected = 0;
        while (true)
        {
            int result = Wait.WaitPid(tid, out int status, Wait.__WALL | Wait.WNOHANG);
            if (result < 0)
            {
                if (Errno.Last == Errno.EINTR)
                {
                    continue;
                }

                return null; // ECHILD: no longer our tracee (exited and reaped).
            }

            if (result == 0)
            {
                if (Environment.TickCount64 >= deadline)
                {
                    return TraceeState.Running;
                }

                spinner.SpinOnce(sleep1Threshold: 200);
                continue;
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
            if (Wait.PtraceEvent(status) != 0)
            {
                // PTRACE_EVENT_STOP: our interrupt (SIGTRAP) or a group-stop (the stopping signal).
                return Signals.IsStopSignal(signal) ? TraceeState.GroupStopped : TraceeState.Stopped;
            }

            // Signal-delivery-stop: give the signal back, then ask again for a stop of ours.
            if (++reinjected > MaxSignalsPerWait || !Continue(tid, signal))
            {
                return null;
            }

            _ = Ptrace.Request(Ptrace.PTRACE_INTERRUPT, tid, 0, 0);
        }
    }

    /// <summary>
    /// Non-blocking: handles whatever stop <paramref name="tid"/> reported while it was supposed to run,
    /// so a traced target is never left waiting on us. Returns the new state, or null when the thread is gone.
    /// </summary>
    internal static TraceeState? ServiceRunning(int tid, TraceeState current)
    {
        for (int round = 0; round < MaxSignalsPerWait; round++)
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

            if (!released)
            {
                return null;
            }
        }

        return current;
    }

    /// <summary>PTRACE_CONT, delivering <paramref name="signal"/> (0 for none). False if the thread is gone.</summary>
    internal static bool Continue(int tid, int signal) =>
        Ptrace.Request(Ptrace.PTRACE_CONT, tid, 0, signal) == 0;
}
