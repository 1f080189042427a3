using System.Globalization;
using System.Text;
using Pyflame.Core.Aggregation;
using Pyflame.Core.Model;

namespace Pyflame.Output.Folded;

/// <summary>
/// Writes a <see cref="Profile"/> in Pyflame's folded ("collapsed stack") format, the input of
/// Brendan Gregg's flamegraph.pl: one line per distinct stack, frames outermost first joined by
/// <c>;</c>, one space, the count. Lines end in <c>\n</c> only: flamegraph.pl ignores lines ending in
/// CR LF. Counts are integers and there is exactly one space before them, which speedscope's stricter
/// importer also needs (docs/formats-and-validators.md §1).
/// </summary>
public static class FoldedWriter
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes UTF-8 (no byte order mark) to <paramref name="output"/>, leaving it open.</summary>
    public static void Write(Profile profile, Stream output, FoldedOptions options)
    {
        using var writer = new StreamWriter(output, Utf8NoBom, bufferSize: 64 * 1024, leaveOpen: true);
        Write(profile, writer, options);
    }

    /// <summary>
    /// Writes the <c>(idle)</c> and <c>(failed)</c> lines first (when non-zero), then each group's stacks
    /// (per-thread mode: each thread's lines together, in first-seen order, under a
    /// <c>(thread TID NAME)</c> root), sorted by count descending then text.
    /// </summary>
    public static void Write(Profile profile, TextWriter writer, FoldedOptions options)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(options);

        if (profile.IdleCount > 0 && !options.ExcludeIdle)
        {
            WriteLine(writer, FrameText.Idle, profile.IdleCount);
        }

        if (profile.FailedCount > 0)
        {
            WriteLine(writer, FrameText.Failed, profile.FailedCount);
        }

        var text = new StringBuilder();
        foreach (ProfileThread thread in profile.Threads)
        {
            foreach (KeyValuePair<string, long> line in LinesOf(thread, profile.PerThread, options, text))
            {
                WriteLine(writer, line.Key, line.Value);
            }
        }

        writer.Flush();
    }

    /// <summary>
    /// Builds one group's lines. Stacks that format to the same text (lines dropped, names cleaned)
    /// are merged so each line is unique, as flamegraph.pl expects.
    /// </summary>
    private static List<KeyValuePair<string, long>> LinesOf(
        ProfileThread thread, bool perThread, FoldedOptions options, StringBuilder text)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (StackCount stack in thread.Stacks)
        {
            if (stack.IsIdle && options.ExcludeIdle)
            {
                continue;
            }

            text.Clear();
            if (perThread)
            {
                FrameText.AppendThreadRoot(text, thread.NativeThreadId, thread.Name, thread.Process);
            }

            if (stack.IsIdle)
            {
                AppendSeparator(text).Append(FrameText.Idle);
            }

            if (stack.IsFailed)
            {
                AppendSeparator(text).Append(FrameText.Failed);
            }

            foreach (FrameInfo frame in stack.Frames)
            {
                FrameText.AppendFrame(AppendSeparator(text), frame, options.LineNumbers);
            }

            if (text.Length == 0)
            {
                continue; // an empty stack has no line in this format
            }

            string key = text.ToString();
            counts[key] = counts.GetValueOrDefault(key) + stack.Count;
        }

        var lines = counts.ToList();
        lines.Sort(static (a, b) => a.Value != b.Value
            ? b.Value.CompareTo(a.Value)
            : string.CompareOrdinal(a.Key, b.Key));
        return lines;
    }

    private static StringBuilder AppendSeparator(StringBuilder text) => text.Length == 0 ? text : text.Append(';');

    private static void WriteLine(TextWriter writer, string stack, long count)
    {
        writer.Write(stack);
        writer.Write(' ');
        writer.Write(count.ToString(CultureInfo.InvariantCulture));
        writer.Write('\n');
    }
}
