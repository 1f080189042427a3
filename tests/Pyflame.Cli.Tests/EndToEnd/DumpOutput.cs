using System.Globalization;
using System.Text.RegularExpressions;

namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>
/// Strict parser of <c>-d</c> output: a process line <c>Process PID, Python X.Y.Z[, garbage collector [not ]running]</c>,
/// then blocks each after one blank line: a header <c>Thread TID (NAME) running|idle[, holds the GIL][, collecting
/// garbage] [pthread 0xHEX]</c>, frames innermost first as <c>    FUNCTION (FILE:LINE)</c> or <c>    (gc)</c>, each
/// followed by its variables as <c>        NAME = VALUE</c>. Anything else is a <see cref="FormatException"/>.
/// </summary>
internal static partial class DumpOutput
{
    public static IReadOnlyList<DumpThread> Parse(string text) => ParseWithProcess(text).Threads;

    public static (Match Process, IReadOnlyList<DumpThread> Threads) ParseWithProcess(string text)
    {
        if (!text.EndsWith('\n') || text.Contains('\r', StringComparison.Ordinal))
        {
            throw new FormatException("dump output must end with LF and contain no CR");
        }

        string[] blocks = text[..^1].Split("\n\n");
        Match process = Process().Match(blocks[0]);
        if (!process.Success)
        {
            throw new FormatException($"not a process line: '{blocks[0]}'");
        }

        var threads = new List<DumpThread>();
        foreach (string block in blocks.Skip(1))
        {
            threads.Add(ParseThread(block.Split('\n')));
        }

        return (process, threads);
    }

    private static DumpThread ParseThread(string[] lines)
    {
        Match header = Header().Match(lines[0]);
        if (!header.Success)
        {
            throw new FormatException($"not a thread header: '{lines[0]}'");
        }

        var frames = new List<string>();
        var locals = new List<IReadOnlyList<string>>();
        foreach (string line in lines.Skip(1))
        {
            if (line.StartsWith("        ", StringComparison.Ordinal) && Local().IsMatch(line) && locals.Count > 0)
            {
                ((List<string>)locals[^1]).Add(line[8..]);
                continue;
            }

            if (line == "    (gc)")
            {
                frames.Add("(gc)");
                locals.Add(new List<string>());
                continue;
            }

            Match frame = Frame().Match(line);
            if (!frame.Success)
            {
                throw new FormatException($"not a frame line '    FUNCTION (FILE:LINE)' nor a variable '        NAME = VALUE': '{line}'");
            }

            // The folded form file:function:line, so tests compare against the same expected frames.
            frames.Add($"{frame.Groups["file"].Value}:{frame.Groups["function"].Value}:{frame.Groups["line"].Value}");
            locals.Add(new List<string>());
        }

        return new DumpThread(
            int.Parse(header.Groups["tid"].Value, CultureInfo.InvariantCulture),
            header.Groups["name"].Value,
            header.Groups["gil"].Success,
            header.Groups["state"].Value == "idle",
            frames,
            header.Groups["gc"].Success,
            locals);
    }

    [GeneratedRegex(@"^Process (?<pid>[1-9]\d*), Python (?<version>\d+\.\d+(\.\d+)?)(, garbage collector (?<gc>running|not running))?$")]
    private static partial Regex Process();

    [GeneratedRegex(@"^Thread (?<tid>[1-9]\d*) \((?<name>.*)\) (?<state>running|idle)(?<gil>, holds the GIL)?(?<gc>, collecting garbage)? \[pthread 0x[0-9a-f]+\]$")]
    private static partial Regex Header();

    [GeneratedRegex(@"^    (?<function>.+) \((?<file>.+):(?<line>[1-9]\d*)\)$")]
    private static partial Regex Frame();

    [GeneratedRegex(@"^        [A-Za-z_][A-Za-z0-9_]* = .+$")]
    private static partial Regex Local();
}
