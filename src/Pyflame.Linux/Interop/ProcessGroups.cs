using System.Runtime.InteropServices;

namespace Pyflame.Linux.Interop;

/// <summary>Process groups and the terminal's foreground group (to tell Ctrl-C from a signal sent to pyflame alone).</summary>
internal static partial class ProcessGroups
{
    [LibraryImport(Libraries.Libc, EntryPoint = "getpgrp")]
    internal static partial int GetProcessGroup();

    [LibraryImport(Libraries.Libc, EntryPoint = "tcgetpgrp", SetLastError = true)]
    internal static partial int GetTerminalForegroundGroup(int fd);
}
