using System.Runtime.InteropServices;

namespace Pyflame.Linux.Interop;

/// <summary>stat(2), for st_nlink of /proc/PID/task (procfs sets it to 2 + the number of threads) and a file's type.</summary>
internal static unsafe partial class FileStatus
{
    /// <summary>sizeof(struct stat) on x86-64 is 144; st_nlink is the third field.</summary>
    internal const int StatSize = 144;
    internal const int NlinkOffset = 16;

    /// <summary>st_mode (a 32-bit field) follows st_nlink; its S_IFMT bits give the file type.</summary>
    internal const int ModeOffset = 24;
    internal const uint S_IFMT = 0xF000;
    internal const uint S_IFREG = 0x8000;
    internal const uint S_IFDIR = 0x4000;

    [LibraryImport(Libraries.Libc, EntryPoint = "stat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int Stat(string path, byte* buffer);
}
