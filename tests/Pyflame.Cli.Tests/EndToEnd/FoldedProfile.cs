using System.Globalization;
using System.Text;

namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>
/// Strict parser of the CLI's folded output: <c>frame;frame;... COUNT\n</c>, one space before an
/// integer count, LF endings only, valid UTF-8, <c>(idle) N</c> / <c>(failed) N</c> before any stack.
/// Anything else is a <see cref="FormatException"/> naming the offending line.
/// </summary>
internal sealed class FoldedProfile
{
    public const string IdleLabel = "(idle)";
    public const string FailedLabel = "(failed)";

    private FoldedProfile(IReadOnlyList<FoldedStack> stacks, long? idle, long? failed, string text)
    {
        Stacks = stacks;
        IdleCount = idle;
        FailedCount = failed;
        Text = text;
    }

    public IReadOnlyList<FoldedStack> Stacks { get; }

    /// <summary>Count on the <c>(idle)</c> line, null when there is no such line.</summary>
    public long? IdleCount { get; }

    /// <summary>Count on the <c>(failed)</c> line, null when there is no such line.</summary>
    public long? FailedCount { get; }

    public string Text { get; }

    public long TotalSamples => Stacks.Sum(s => s.Count) + (IdleCount ?? 0) + (FailedCount ?? 0);

    public long NonIdleSamples => TotalSamples - (IdleCount ?? 0);

    public static FoldedProfile Parse(byte[] output)
    {
        string text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(output);
        if (text.Contains('\r', StringComparison.Ordinal))
        {
            throw new FormatException("output contains a carriage return");
        }

        if (text.Length > 0 && !text.EndsWith('\n'))
        {
            throw new FormatException("output does not end with a newline");
        }

        var stacks = new List<FoldedStack>();
        long? idle = null;
        long? failed = null;
        string[] lines = text.Length == 0 ? [] : text[..^1].Split('\n');
        foreach (string line in lines)
        {
            (string label, long count) = SplitCount(line);
            if (label is IdleLabel or FailedLabel)
            {
                if (stacks.Count > 0 || (label == IdleLabel ? idle : failed) is not null)
                {
                    throw new FormatException($"'{line}' must appear once, before every stack line");
                }

                if (label == IdleLabel)
                {
                    idle = count;
                }
                else
                {
                    failed = count;
                }
                continue;
            }

            string[] frames = label.Split(';');
            if (frames.Any(f => f.Length == 0))
            {
                throw new FormatException($"empty frame in line '{line}'");
            }

            stacks.Add(new FoldedStack(frames, count));
        }

        return new FoldedProfile(stacks, idle, failed, text);
    }

    /// <summary>Samples whose stack is exactly <paramref name="frames"/> (summed if the line repeats).</summary>
    public long CountOf(IReadOnlyList<string> frames) => Stacks.Where(s => s.HasFrames(frames)).Sum(s => s.Count);

    /// <summary>The stack line with the most samples, or null when there is none.</summary>
    public FoldedStack? Dominant => Stacks.OrderByDescending(s => s.Count).FirstOrDefault();

    /// <summary>A short view of the heaviest lines for assertion messages.</summary>
    public string Summary(int maxLines = 6)
    {
        IEnumerable<string> heaviest = Stacks.OrderByDescending(s => s.Count).Take(maxLines)
            .Select(s => $"  {s.Count} x {Shorten(s.Joined)}");
        return $"total {TotalSamples}, idle {IdleCount?.ToString(CultureInfo.InvariantCulture) ?? "-"}, " +
               $"failed {FailedCount?.ToString(CultureInfo.InvariantCulture) ?? "-"}, {Stacks.Count} stack lines:\n" +
               string.Join('\n', heaviest);
    }

    private static (string Label, long Count) SplitCount(string line)
    {
        int space = line.LastIndexOf(' ');
        if (space <= 0 || !long.TryParse(line.AsSpan(space + 1), NumberStyles.None, CultureInfo.InvariantCulture, out long count)
            || count <= 0 || line[space - 1] == ' ')
        {
            throw new FormatException($"not '<stack> <positive count>': '{line}'");
        }

        return (line[..space], count);
    }

    private static string Shorten(string stack) => stack.Length <= 600 ? stack : stack[..300] + " ... " + stack[^300..];
}
