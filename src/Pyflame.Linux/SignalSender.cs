namespace Pyflame.Linux;

/// <summary>Sends signals to other processes (trace mode forwards SIGTERM/SIGINT/SIGHUP to its command).</summary>
public static class SignalSender
{
    public static bool TrySend(int pid, int signal) => Interop.Signals.Kill(pid, signal) == 0;
}
