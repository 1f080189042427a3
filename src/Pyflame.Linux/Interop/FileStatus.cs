using System.Runtime.InteropServices;

namespace Pyflame.Linux.Interop;

/// <summary>stat(2), for st_nlink of /proc/PID/task, which procfs sets to 2 + the number of threads.</summary>
internal static unsafe partial class FileStatus
{
    /// <summary>sizeof(struct stat) on x86-64 is 144; st_nlink is the third field.</summary>
    internal const int StatSize = 144;
    internal const int NlinkOffset = 16;

    [LibraryImport(Libraries.Libc, EntryPoint = "stat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int Stat(string path, byte* buffer);
}
