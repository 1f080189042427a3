using Pyflame.Linux.Interop;

namespace Pyflame.Linux;

/// <summary>Whether pyflame runs in the terminal's foreground process group (then Ctrl-C reaches its children too).</summary>
public static class Terminal
{
    public static bool IsForegroundProcessGroup()
    {
        int foreground = ProcessGroups.GetTerminalForegroundGroup(0);
        return foreground > 0 && foreground == ProcessGroups.GetProcessGroup();
    }
}
