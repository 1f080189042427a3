using System.Globalization;

namespace Pyflame.Output.FlameChart;

/// <summary>
/// Parses one frame of the flame-chart text: <c>file:function:line</c> (as written by
/// <see cref="FlameChartWriter"/>), <c>file:function</c> (without line numbers), or a pseudo frame
/// in parentheses such as <c>(idle)</c> or <c>(thread 12 MainThread)</c>. Files may contain ':'
/// (the split is from the right); Python function names cannot.
/// </summary>
internal static class FlameChartFrameParser
{
    public static CpuProfileFrame Parse(string frame)
    {
        if (frame.StartsWith('(') && frame.EndsWith(')'))
        {
            return new CpuProfileFrame(frame, "", -1);
        }

        string rest = frame;
        int line = 0;
        int lastColon = rest.LastIndexOf(':');
        if (lastColon >= 0 && IsLineNumber(rest.AsSpan(lastColon + 1), out int parsedLine))
        {
            line = parsedLine;
            rest = rest[..lastColon];
            lastColon = rest.LastIndexOf(':');
        }

        // Pyflame lines are 1-based; CDP's lineNumber is 0-based, -1 when unknown (line 0).
        int zeroBasedLine = line > 0 ? line - 1 : -1;
        return lastColon < 0
            ? new CpuProfileFrame(rest, "", zeroBasedLine)
            : new CpuProfileFrame(rest[(lastColon + 1)..], rest[..lastColon], zeroBasedLine);
    }

    private static bool IsLineNumber(ReadOnlySpan<char> text, out int line)
    {
        line = 0;
        foreach (char c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return text.Length > 0 && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out line);
    }
}
