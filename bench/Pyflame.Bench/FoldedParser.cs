using System.Globalization;

namespace Pyflame.Bench;

/// <summary>Reads Pyflame's folded output (and profiling.sampling's --collapsed, the same shape): <c>file:function:line;... COUNT</c>, <c>(idle) N</c>, <c>(failed) N</c>, <c>(thread ...)</c> roots.</summary>
public static class FoldedParser
{
    public static ParsedProfile Parse(string path)
    {
        List<ParsedStack> stacks = [];
        foreach (string line in File.ReadLines(path))
        {
            int space = line.LastIndexOf(' ');
            if (space <= 0 || !long.TryParse(line.AsSpan(space + 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out long count))
            {
                continue;
            }

            string[] parts = line[..space].Split(';');
            // Pyflame's --threads roots are "(thread N)"; profiling.sampling's collapsed output starts each line with "tid:N".
            string? thread = parts[0].StartsWith("(thread ", StringComparison.Ordinal) || parts[0].StartsWith("tid:", StringComparison.Ordinal) ? parts[0] : null;
            IEnumerable<string> frameTexts = thread is null ? parts : parts.Skip(1);
            bool idle = false;
            bool failed = false;
            List<ParsedFrame> frames = [];
            foreach (string text in frameTexts)
            {
                if (text == "(idle)")
                {
                    idle = true;
                }
                else if (text == "(failed)")
                {
                    failed = true;
                }
                else
                {
                    frames.Add(ParseFrame(text));
                }
            }

            stacks.Add(new ParsedStack(thread, frames, count, idle, failed));
        }

        return new ParsedProfile(stacks);
    }

    /// <summary>A path may hold ':', so the function and line are the last two fields.</summary>
    private static ParsedFrame ParseFrame(string text)
    {
        int lineColon = text.LastIndexOf(':');
        if (lineColon <= 0 || !int.TryParse(text.AsSpan(lineColon + 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out int line))
        {
            int last = text.LastIndexOf(':');
            return new ParsedFrame(last >= 0 ? text[(last + 1)..] : text, 0);
        }

        int functionColon = text.LastIndexOf(':', lineColon - 1);
        return new ParsedFrame(text[(functionColon + 1)..lineColon], line, functionColon > 0 ? text[..functionColon] : "");
    }
}
