using Pyflame.Linux.Interop;

namespace Pyflame.Linux;

/// <summary>Sends signals to other processes (trace mode forwards SIGTERM/SIGINT/SIGHUP to its command).</summary>
public static class Signals
{
    public static bool TrySend(int pid, int signal) => ProcessSignals.Kill(pid, signal) == 0;
}
