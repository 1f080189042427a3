using System.Runtime.InteropServices;

namespace Pyflame.Linux.Interop;

/// <summary>The errno values this layer acts on (asm-generic/errno-base.h, x86-64 numbering).</summary>
internal static class Errno
{
    internal const int EPERM = 1;
    internal const int ENOENT = 2;
    internal const int ESRCH = 3;
    internal const int EINTR = 4;
    internal const int EIO = 5;
    internal const int ECHILD = 10;
    internal const int EACCES = 13;
    internal const int EFAULT = 14;
    internal const int EINVAL = 22;
    internal const int ENOSYS = 38;

    /// <summary>errno of the last <c>SetLastError = true</c> call on this thread.</summary>
    internal static int Last => Marshal.GetLastPInvokeError();

    internal static string Describe(int errno) => Marshal.GetPInvokeErrorMessage(errno);
}
