using System.Runtime.InteropServices;

namespace Pyflame.Linux.Interop;

/// <summary>
/// open/pread/close for <c>/proc/PID/mem</c>, and write for pyflame's own stdout. These are called directly instead of through FileStream so
/// that an unreadable offset (EIO) is a return value, not an exception, on the hot path.
/// </summary>
internal static unsafe partial class FileIo
{
    internal const int O_RDONLY = 0;
    internal const int O_CLOEXEC = 0x80000;

    [LibraryImport(Libraries.Libc, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Open(string path, int flags);

    [LibraryImport(Libraries.Libc, EntryPoint = "pread", SetLastError = true)]
    internal static partial nint PRead(int fd, byte* buffer, nuint count, long offset);

    [LibraryImport(Libraries.Libc, EntryPoint = "write", SetLastError = true)]
    internal static partial nint Write(int fd, byte* buffer, nuint count);

    [LibraryImport(Libraries.Libc, EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(int fd);
}
