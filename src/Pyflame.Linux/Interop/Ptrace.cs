using System.Runtime.InteropServices;

namespace Pyflame.Linux.Interop;

/// <summary>ptrace(2) requests used to pause threads (PTRACE_SEIZE family, linux/ptrace.h values).</summary>
internal static partial class Ptrace
{
    internal const int PTRACE_CONT = 7;
    internal const int PTRACE_DETACH = 17;
    internal const int PTRACE_SEIZE = 0x4206;
    internal const int PTRACE_INTERRUPT = 0x4207;
    internal const int PTRACE_LISTEN = 0x4208;

    /// <summary>Event number in bits 16..23 of a wait status for a seized tracee's group-stop or interrupt.</summary>
    internal const int PTRACE_EVENT_STOP = 128;

    /// <summary>
    /// Option for PTRACE_SEIZE: report an execve as its own stop (PTRACE_EVENT_EXEC) instead of letting the tracee's
    /// thread ids change under us unannounced (ptrace(2), "execve(2) under ptrace").
    /// </summary>
    internal const int PTRACE_O_TRACEEXEC = 0x10;

    /// <summary>Event number of the stop a PTRACE_O_TRACEEXEC tracee makes after a successful execve.</summary>
    internal const int PTRACE_EVENT_EXEC = 4;

    /// <summary>
    /// glibc declares ptrace variadic; on x86-64 passing the four integer arguments in registers is the
    /// same as the non-variadic call (AL only matters for vector arguments).
    /// </summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "ptrace", SetLastError = true)]
    internal static partial nint Request(int request, int pid, nint address, nint data);
}
