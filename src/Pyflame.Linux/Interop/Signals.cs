using System.Runtime.InteropServices;

namespace Pyflame.Linux.Interop;

/// <summary>kill(2) and the signal numbers the ptrace logic distinguishes (x86-64 numbering).</summary>
internal static partial class Signals
{
    internal const int SIGKILL = 9;
    internal const int SIGUSR1 = 10;
    internal const int SIGTRAP = 5;
    internal const int SIGSTOP = 19;
    internal const int SIGCONT = 18;
    internal const int SIGTSTP = 20;
    internal const int SIGTTIN = 21;
    internal const int SIGTTOU = 22;

    [LibraryImport(Libraries.Libc, EntryPoint = "kill", SetLastError = true)]
    internal static partial int Kill(int pid, int signal);

    internal static bool IsStopSignal(int signal) =>
        signal is SIGSTOP or SIGTSTP or SIGTTIN or SIGTTOU;
}
