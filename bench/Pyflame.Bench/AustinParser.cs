using System.Globalization;

namespace Pyflame.Bench;

/// <summary>
/// Reads austin 1.0.1's default output, learned from running the installed binary: one line per thread
/// per sample, <c>Thread ID;function (file);L12;function (file);L34 MICROSECONDS</c>. Each line is one
/// sample of one thread.
/// </summary>
public static class AustinParser
{
    public static ParsedProfile Parse(string path)
    {
        List<ParsedStack> stacks = [];
        foreach (string line in File.ReadLines(path))
        {
            if (!line.StartsWith("Thread ", StringComparison.Ordinal))
            {
                continue;
            }

            int space = line.LastIndexOf(' ');
            string[] parts = line[..space].Split(';');
            List<ParsedFrame> frames = [];
            for (int i = 1; i < parts.Length; i++)
            {
                string part = parts[i];
                if (part.Length > 1 && part[0] == 'L' && int.TryParse(part.AsSpan(1), NumberStyles.Integer, CultureInfo.InvariantCulture, out int number))
                {
                    if (frames.Count > 0)
                    {
                        frames[^1] = frames[^1] with { Line = number };
                    }

                    continue;
                }

                int paren = part.LastIndexOf(" (", StringComparison.Ordinal);
                frames.Add(new ParsedFrame(paren > 0 ? part[..paren] : part, 0));
            }

            stacks.Add(new ParsedStack(parts[0], frames, 1, Idle: frames.Count == 0, Failed: false));
        }

        return new ParsedProfile(stacks);
    }
}
