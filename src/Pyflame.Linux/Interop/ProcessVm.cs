using System.Runtime.InteropServices;

namespace Pyflame.Linux.Interop;

/// <summary>process_vm_readv(2): copies from another process's address space without stopping it.</summary>
internal static unsafe partial class ProcessVm
{
    /// <summary>Linux's IOV_MAX: the most iovecs one call accepts on either side.</summary>
    internal const int MaxIovecs = 1024;

    /// <returns>Bytes read (may be partial), or -1 with errno set.</returns>
    [LibraryImport(Libraries.Libc, EntryPoint = "process_vm_readv", SetLastError = true)]
    internal static partial nint ReadV(int pid, Iovec* local, nuint localCount, Iovec* remote, nuint remoteCount, nuint flags);
}
