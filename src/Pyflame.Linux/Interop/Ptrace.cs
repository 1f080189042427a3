using System.Runtime.InteropServices;

namespace Pyflame.Linux.Interop;

/// <summary>ptrace(2) requests used to pause threads and to follow a launched command (linux/ptrace.h values).</summary>
internal static partial class Ptrace
{
    internal const int PTRACE_CONT = 7;
    internal const int PTRACE_DETACH = 17;
    internal const int PTRACE_SYSCALL = 24;
    internal const int PTRACE_GETEVENTMSG = 0x4201;
    internal const int PTRACE_SETOPTIONS = 0x4200;
    internal const int PTRACE_SEIZE = 0x4206;
    internal const int PTRACE_INTERRUPT = 0x4207;
    internal const int PTRACE_LISTEN = 0x4208;

    /// <summary>PTRACE_SEIZE options: syscall stops report SIGTRAP|0x80; forks, vforks and execs stop with an event.</summary>
    internal const int PTRACE_O_TRACESYSGOOD = 0x1;
    internal const int PTRACE_O_TRACEFORK = 0x2;
    internal const int PTRACE_O_TRACEVFORK = 0x4;

    /// <summary>Event numbers in bits 16..23 of a wait status.</summary>
    internal const int PTRACE_EVENT_FORK = 1;
    internal const int PTRACE_EVENT_VFORK = 2;

    /// <summary>Event number in bits 16..23 of a wait status for a seized tracee's group-stop or interrupt.</summary>
    internal const int PTRACE_EVENT_STOP = 128;

    /// <summary>The stop "signal" of a syscall-stop when PTRACE_O_TRACESYSGOOD is set.</summary>
    internal const int SyscallStopSignal = Signals.SIGTRAP | 0x80;

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

    /// <summary>PTRACE_GETEVENTMSG: the new child's pid after a fork/vfork event.</summary>
    internal static unsafe bool TryGetEventMessage(int pid, out ulong message)
    {
        ulong value = 0;
        bool ok = Request(PTRACE_GETEVENTMSG, pid, 0, (nint)(&value)) == 0;
        message = value;
        return ok;
    }
}
