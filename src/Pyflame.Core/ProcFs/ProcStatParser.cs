using System.Globalization;

namespace Pyflame.Core.ProcFs;

/// <summary>
/// Parses <c>/proc/PID/stat</c> and <c>/proc/PID/task/TID/stat</c> (proc(5)). Field 2, comm, is in
/// parentheses and may itself contain spaces and parentheses, so the fields after it are located from
/// the LAST ')' on the line, as the kernel's own tools do.
/// </summary>
public static class ProcStatParser
{
    // Zero-based positions counted from the state field (field 3 in proc(5)).
    private const int UtimeIndex = 14 - 3;
    private const int StimeIndex = 15 - 3;

    public static bool TryParse(string statText, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ThreadStat? stat)
    {
        ArgumentNullException.ThrowIfNull(statText);
        stat = null;
        ReadOnlySpan<char> text = statText.AsSpan();
        int open = text.IndexOf('(');
        int close = text.LastIndexOf(')');
        if (open < 0 || close < open || close + 2 >= text.Length)
        {
            return false;
        }

        ReadOnlySpan<char> fields = text[(close + 2)..];
        char state = '\0';
        ulong utime = 0, stime = 0;
        int index = 0;
        foreach (Range part in fields.Split(' '))
        {
            ReadOnlySpan<char> field = fields[part];
            if (index == 0)
            {
                if (field.Length != 1)
                {
                    return false;
                }

                state = field[0];
            }
            else if (index == UtimeIndex && !TryParseTicks(field, out utime))
            {
                return false;
            }
            else if (index == StimeIndex)
            {
                if (!TryParseTicks(field, out stime))
                {
                    return false;
                }

                stat = new ThreadStat(state, utime, stime);
                return true;
            }

            index++;
        }

        return false;
    }

    private static bool TryParseTicks(ReadOnlySpan<char> text, out ulong value) =>
        ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
