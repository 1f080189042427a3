using System.Globalization;

namespace Pyflame.TestSupport;

/// <summary>The fields of /proc/PID/stat the harness needs (proc(5)).</summary>
/// <param name="State">R, S, D running/sleeping; T stopped (signal), t tracing stop, Z zombie, X dead.</param>
/// <param name="CpuTicks">utime + stime in clock ticks: of the whole process from /proc/PID/stat, of one thread from its task's stat.</param>
public sealed record ProcStat(char State, int ProcessGroup, long CpuTicks)
{
    public bool IsStopped => State is 'T' or 't';

    public bool IsGone => State is 'Z' or 'X';

    /// <summary>Reads /proc/PID/stat; null if the process no longer exists.</summary>
    public static ProcStat? TryRead(int pid) => TryReadFile($"/proc/{pid}/stat");

    /// <summary>Reads the stat of one thread (/proc/PID/task/TID/stat); null if it no longer exists.</summary>
    public static ProcStat? TryReadThread(int pid, int tid) => TryReadFile($"/proc/{pid}/task/{tid}/stat");

    private static ProcStat? TryReadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null;
        }

        return Parse(text);
    }

    /// <summary>comm may contain spaces and parentheses, so fields are counted from the LAST ')'.</summary>
    public static ProcStat Parse(string statLine)
    {
        string[] fields = statLine[(statLine.LastIndexOf(')') + 2)..].Split(' ');
        // Fields 14 and 15 of proc(5) (utime, stime) are at 11 and 12 once pid and comm are cut off.
        long cpuTicks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return new ProcStat(fields[0][0], int.Parse(fields[2], CultureInfo.InvariantCulture), cpuTicks);
    }
}
