using System.Globalization;

namespace Pyflame.TestSupport;

/// <summary>The fields of /proc/PID/stat the harness needs (proc(5)).</summary>
/// <param name="State">R, S, D running/sleeping; T stopped (signal), t tracing stop, Z zombie, X dead.</param>
public sealed record ProcStat(char State, int ProcessGroup)
{
    public bool IsStopped => State is 'T' or 't';

    public bool IsGone => State is 'Z' or 'X';

    /// <summary>Reads /proc/PID/stat; null if the process no longer exists.</summary>
    public static ProcStat? TryRead(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
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
        return new ProcStat(fields[0][0], int.Parse(fields[2], CultureInfo.InvariantCulture));
    }
}
