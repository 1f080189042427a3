using System.Globalization;
using System.Text.RegularExpressions;

namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>
/// Strict parser of <c>-d</c> output: blocks separated by one blank line, each a header
/// <c>Thread TID (NAME)[ holds the GIL][ idle] [pthread 0xHEX]</c> then frames innermost first as
/// <c>    FUNCTION (FILE:LINE)</c>. Anything else is a <see cref="FormatException"/>.
/// </summary>
internal static partial class DumpOutput
{
    public static IReadOnlyList<DumpThread> Parse(string text)
    {
        if (!text.EndsWith('\n') || text.Contains('\r', StringComparison.Ordinal))
        {
            throw new FormatException("dump output must end with LF and contain no CR");
        }

        var threads = new List<DumpThread>();
        foreach (string block in text[..^1].Split("\n\n"))
        {
            string[] lines = block.Split('\n');
            Match header = Header().Match(lines[0]);
            if (!header.Success)
            {
                throw new FormatException($"not a thread header: '{lines[0]}'");
            }

            var frames = new List<string>();
            foreach (string line in lines.Skip(1))
            {
                Match frame = Frame().Match(line);
                if (!frame.Success)
                {
                    throw new FormatException($"not a frame line '    FUNCTION (FILE:LINE)': '{line}'");
                }

                // The folded form file:function:line, so tests compare against the same expected frames.
                frames.Add($"{frame.Groups["file"].Value}:{frame.Groups["function"].Value}:{frame.Groups["line"].Value}");
            }

            threads.Add(new DumpThread(
                int.Parse(header.Groups["tid"].Value, CultureInfo.InvariantCulture),
                header.Groups["name"].Value,
                header.Groups["gil"].Success,
                header.Groups["idle"].Success,
                frames));
        }

        return threads;
    }

    [GeneratedRegex(@"^Thread (?<tid>[1-9]\d*) \((?<name>.*)\)(?<gil> holds the GIL)?(?<idle> idle)? \[pthread 0x[0-9a-f]+\]$")]
    private static partial Regex Header();

    [GeneratedRegex(@"^    (?<function>.+) \((?<file>.+):(?<line>[1-9]\d*)\)$")]
    private static partial Regex Frame();
}
