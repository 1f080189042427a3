using System.Runtime.InteropServices;

namespace Pyflame.TestSupport;

/// <summary>kill(2), needed to signal a whole process group (negative pid), which System.Diagnostics cannot.</summary>
public static partial class NativeSignals
{
    public const int SigKill = 9;
    public const int SigCont = 18;
    public const int SigStop = 19;

    public static void KillGroup(int processGroup) => _ = Kill(-processGroup, SigKill);

    /// <summary>Sends <paramref name="signal"/> to one process; false if it failed.</summary>
    public static bool Send(int pid, int signal) => Kill(pid, signal) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
