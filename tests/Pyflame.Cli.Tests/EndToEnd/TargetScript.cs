using System.Text.RegularExpressions;

namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>
/// A target script plus the facts its comments declare: <c># LINE:name</c> marks the line it sits
/// on, <c># VALUE:name</c> marks a line whose first integer is a named constant, <c># SPINS-AFTER-READY: N</c> says N
/// threads burn CPU in the steady state right after READY, and <c># SLEEPS-AFTER-READY</c> that every thread sleeps. Tests take line numbers from here so editing a target
/// can never make them drift.
/// </summary>
internal sealed partial class TargetScript
{
    private readonly Dictionary<string, int> _lines;
    private readonly Dictionary<string, int> _values;

    private TargetScript(string path, Dictionary<string, int> lines, Dictionary<string, int> values, int threadsSpinningAfterReady, bool sleepsAfterReady)
    {
        SleepsAfterReady = sleepsAfterReady;
        Path = path;
        ThreadsSpinningAfterReady = threadsSpinningAfterReady;
        _lines = lines;
        _values = values;
    }

    /// <summary>Absolute path; targets are started by it, so it is also what co_filename holds.</summary>
    public string Path { get; }

    /// <summary>N of the script's <c># SPINS-AFTER-READY: N</c>, else 0 (see <see cref="TargetLaunch.ThreadsSpinningAfterReady"/>).</summary>
    public int ThreadsSpinningAfterReady { get; }

    /// <summary>Whether the script declares <c># SLEEPS-AFTER-READY</c> (see <see cref="TargetLaunch.ThreadsSleepAfterReady"/>).</summary>
    public bool SleepsAfterReady { get; }

    public static TargetScript Load(string fileName) => Parse(RepoPaths.Target(fileName), File.ReadAllLines(RepoPaths.Target(fileName)));

    public static TargetScript Parse(string path, IReadOnlyList<string> sourceLines)
    {
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        var values = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < sourceLines.Count; i++)
        {
            foreach (Match marker in MarkerPattern().Matches(sourceLines[i]))
            {
                string name = marker.Groups["name"].Value;
                bool isLine = marker.Groups["kind"].Value == "LINE";
                int value = isLine ? i + 1 : FirstInteger(sourceLines[i], path, i + 1);
                if (!(isLine ? lines : values).TryAdd(name, value))
                {
                    throw new FormatException($"{path}:{i + 1}: marker {name} declared twice");
                }
            }
        }

        int spinning = sourceLines.Select(line => SpinsPattern().Match(line)).Where(match => match.Success)
            .Select(match => int.Parse(match.Groups["count"].Value, System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
        bool sleeps = sourceLines.Any(line => line.Contains("# SLEEPS-AFTER-READY", StringComparison.Ordinal));
        return new TargetScript(path, lines, values, spinning, sleeps);
    }

    public int Line(string name) =>
        _lines.TryGetValue(name, out int line) ? line : throw new KeyNotFoundException($"{Path}: no '# LINE:{name}' marker");

    public int Value(string name) =>
        _values.TryGetValue(name, out int value) ? value : throw new KeyNotFoundException($"{Path}: no '# VALUE:{name}' marker");

    /// <summary>The folded-output frame for <paramref name="function"/> at marker <paramref name="lineMarker"/>.</summary>
    public string Frame(string function, string lineMarker) => $"{Path}:{function}:{Line(lineMarker)}";

    /// <summary>The frame as printed with <c>-n</c> (no line numbers).</summary>
    public string FrameWithoutLine(string function) => $"{Path}:{function}";

    private static int FirstInteger(string line, string path, int lineNumber)
    {
        Match number = IntegerPattern().Match(line);
        return number.Success ? int.Parse(number.Value, System.Globalization.CultureInfo.InvariantCulture)
            : throw new FormatException($"{path}:{lineNumber}: VALUE marker on a line without an integer");
    }

    [GeneratedRegex(@"#\s*(?<kind>LINE|VALUE):(?<name>[A-Za-z0-9_]+)")]
    private static partial Regex MarkerPattern();

    [GeneratedRegex(@"# SPINS-AFTER-READY: (?<count>\d+)")]
    private static partial Regex SpinsPattern();

    [GeneratedRegex(@"\b\d+\b")]
    private static partial Regex IntegerPattern();
}
