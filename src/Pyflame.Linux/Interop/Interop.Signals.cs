using System.Runtime.InteropServices;

namespace Pyflame.Linux.Interop;

internal static partial class ProcessSignals
{
    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    internal static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "getpgrp")]
    internal static partial int GetProcessGroup();

    [LibraryImport("libc", EntryPoint = "tcgetpgrp", SetLastError = true)]
    internal static partial int GetTerminalForegroundGroup(int fd);
}
