using System.Globalization;

namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>
/// Strict parser of <c>-T</c> output: records of two lines, a timestamp (digits only, µs since the
/// epoch) and a stack that is either <c>(idle)</c>/<c>(failed)</c> or frames each followed by <c>;</c>.
/// </summary>
internal static class FlameChartOutput
{
    public static IReadOnlyList<FlameChartRecord> Parse(string text)
    {
        if (text.Length == 0)
        {
            return [];
        }

        if (!text.EndsWith('\n') || text.Contains('\r', StringComparison.Ordinal))
        {
            throw new FormatException("flame chart output must end with LF and contain no CR");
        }

        string[] lines = text[..^1].Split('\n');
        if (lines.Length % 2 != 0)
        {
            throw new FormatException($"{lines.Length} lines: records are pairs of lines");
        }

        var records = new List<FlameChartRecord>();
        for (int i = 0; i < lines.Length; i += 2)
        {
            if (lines[i].Length is 0 or > 19 || !lines[i].All(char.IsAsciiDigit))
            {
                throw new FormatException($"line {i + 1} is not a timestamp: '{lines[i]}'");
            }

            string stack = lines[i + 1];
            bool marker = stack is "(idle)" or "(failed)";
            if (!marker && (!stack.EndsWith(';') || stack[..^1].Split(';').Any(f => f.Length == 0)))
            {
                throw new FormatException($"line {i + 2} is not a stack with every frame followed by ';': '{stack}'");
            }

            records.Add(new FlameChartRecord(long.Parse(lines[i], CultureInfo.InvariantCulture), stack));
        }

        return records;
    }
}
