using System.Globalization;

namespace Pyflame.Bench;

/// <summary>
/// Reads austin 3.7's output, learned from running the binary: <c># key: value</c> header lines, then one line per
/// sample of one thread, <c>P1234;T0:1234;file:function:line;... MICROSECONDS</c>.
/// </summary>
public static class Austin3Parser
{
    public static ParsedProfile Parse(string path)
    {
        List<ParsedStack> stacks = [];
        foreach (string line in File.ReadLines(path))
        {
            if (!line.StartsWith('P'))
            {
                continue;
            }

            int space = line.LastIndexOf(' ');
            if (space <= 0)
            {
                continue;
            }

            string[] parts = line[..space].Split(';');
            if (parts.Length < 2)
            {
                continue;
            }

            List<ParsedFrame> frames = [];
            for (int i = 2; i < parts.Length; i++)
            {
                string part = parts[i];
                int lineColon = part.LastIndexOf(':');
                int functionColon = lineColon > 0 ? part.LastIndexOf(':', lineColon - 1) : -1;
                if (functionColon < 0 || !int.TryParse(part.AsSpan(lineColon + 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out int number))
                {
                    frames.Add(new ParsedFrame(part, 0));
                    continue;
                }

                frames.Add(new ParsedFrame(part[(functionColon + 1)..lineColon], number, part[..functionColon]));
            }

            stacks.Add(new ParsedStack(parts[1], frames, 1, Idle: frames.Count == 0, Failed: false));
        }

        return new ParsedProfile(stacks);
    }
}
