using System.Globalization;

namespace Pyflame.Output.FlameChart;

/// <summary>
/// Pyflame's <c>utils/flame-chart-json</c>: turns the <c>-T</c> text written by
/// <see cref="FlameChartWriter"/> into a Chrome DevTools <c>.cpuprofile</c> that the Performance /
/// JavaScript Profiler panels (and speedscope) open as a flame chart.
/// <para>
/// Input: records of two lines, a timestamp in microseconds then a stack (frames outermost first,
/// each followed by <c>;</c>, or a lone pseudo frame such as <c>(idle)</c>). Blank lines between
/// records are skipped, CR LF is accepted. Timestamps must not decrease. Anything else raises one
/// <see cref="FlameChartFormatException"/> naming the line.
/// </para>
/// </summary>
public static class FlameChartJsonConverter
{
    /// <summary>Longest accepted line; a real stack line is a few KiB.</summary>
    public const int MaxLineChars = 1 << 20;

    /// <summary>Deepest accepted stack (CPython's default recursion limit is 1000).</summary>
    public const int MaxFramesPerStack = 10_000;

    /// <summary>Most distinct call-tree nodes accepted.</summary>
    public const int MaxNodes = 1 << 21;

    /// <summary>Most records accepted: 55 hours at 100 Hz.</summary>
    public const int MaxSamples = 20_000_000;

    private const int QuoteLimit = 80;

    public static void Convert(TextReader flameChartText, Stream output)
    {
        ArgumentNullException.ThrowIfNull(flameChartText);
        ArgumentNullException.ThrowIfNull(output);

        var lines = new BoundedLineReader(flameChartText, MaxLineChars);
        var tree = new CpuProfileTree(MaxNodes);
        var samples = new List<int>();
        var timestamps = new List<long>();
        while (lines.ReadLine() is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            long timestamp = ParseTimestamp(line, lines.LineNumber, timestamps);
            long timestampLine = lines.LineNumber;
            string stack = lines.ReadLine()
                ?? throw new FlameChartFormatException(timestampLine, "timestamp without a stack line after it");
            if (samples.Count == MaxSamples)
            {
                throw new FlameChartFormatException(lines.LineNumber, $"more than {MaxSamples} records");
            }

            int leaf = AddStack(tree, stack, lines.LineNumber);
            tree.Hit(leaf);
            samples.Add(leaf);
            timestamps.Add(timestamp);
        }

        CpuProfileJsonWriter.Write(output, tree, samples, timestamps);
    }

    private static long ParseTimestamp(string line, long lineNumber, List<long> timestamps)
    {
        if (!long.TryParse(line.AsSpan().Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long timestamp))
        {
            throw new FlameChartFormatException(
                lineNumber, $"expected a timestamp (microseconds since the epoch), found '{Quote(line)}'");
        }

        if (timestamps.Count > 0 && timestamp < timestamps[^1])
        {
            throw new FlameChartFormatException(
                lineNumber, $"timestamp {timestamp} is earlier than the previous one ({timestamps[^1]})");
        }

        return timestamp;
    }

    /// <summary>Adds the stack's path to the tree and returns its leaf node id.</summary>
    private static int AddStack(CpuProfileTree tree, string stack, long lineNumber)
    {
        bool pseudoFrame = stack.StartsWith('(') && stack.EndsWith(')') && !stack.Contains(';', StringComparison.Ordinal);
        if (!pseudoFrame && !stack.EndsWith(';'))
        {
            throw new FlameChartFormatException(
                lineNumber, $"expected a stack whose frames each end in ';' (or '(idle)'), found '{Quote(stack)}'");
        }

        string[] frames = pseudoFrame ? [stack] : stack[..^1].Split(';');
        if (frames.Length > MaxFramesPerStack)
        {
            throw new FlameChartFormatException(lineNumber, $"stack deeper than {MaxFramesPerStack} frames");
        }

        int node = CpuProfileTree.RootId;
        foreach (string frame in frames)
        {
            if (frame.Length == 0)
            {
                throw new FlameChartFormatException(lineNumber, "empty frame (two ';' in a row)");
            }

            if (!tree.TryGetOrAddChild(node, FlameChartFrameParser.Parse(frame), out node))
            {
                throw new FlameChartFormatException(lineNumber, $"more than {MaxNodes} distinct call-tree nodes");
            }
        }

        return node;
    }

    private static string Quote(string text)
    {
        string shown = text.Length > QuoteLimit ? string.Concat(text.AsSpan(0, QuoteLimit), "...") : text;
        return new string([.. shown.Select(c => char.IsControl(c) ? '?' : c)]);
    }
}
