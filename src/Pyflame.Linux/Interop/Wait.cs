using System.Runtime.InteropServices;

namespace Pyflame.Linux.Interop;

/// <summary>waitpid(2) and the decoding macros of sys/wait.h.</summary>
internal static partial class Wait
{
    internal const int WNOHANG = 1;

    /// <summary>Wait for any thread, not only the thread-group leader (needed for traced threads).</summary>
    internal const int __WALL = 0x40000000;

    /// <summary>Wait only for children and tracees of the calling thread, not of the whole process.</summary>
    internal const int __WNOTHREAD = 0x20000000;

    [LibraryImport(Libraries.Libc, EntryPoint = "waitpid", SetLastError = true)]
    internal static partial int WaitPid(int pid, out int status, int options);

    internal static bool Exited(int status) => (status & 0x7f) == 0;

    internal static bool Signaled(int status) => (status & 0x7f) != 0 && (status & 0x7f) != 0x7f;

    internal static bool Stopped(int status) => (status & 0xff) == 0x7f;

    internal static int StopSignal(int status) => (status >> 8) & 0xff;

    /// <summary>The PTRACE_EVENT_* number of a ptrace stop, 0 for a plain signal-delivery-stop.</summary>
    internal static int PtraceEvent(int status) => (status >> 16) & 0xff;
}
