namespace Pyflame.Core.Tests.Python.LineTables;

/// <summary>
/// One code object as printed by Scripts/dump_line_tables.py: its raw line table and the lines the
/// interpreter reported for byte offsets -2 .. Size-1 (<see cref="Addr2Line"/>, index = offset + 2)
/// and, on 3.10+, the lines from co_lines() for offsets 0 .. Size-1.
/// </summary>
public sealed record CodeLineDump(string Name, int FirstLine, byte[] Table, int Size, int[] Addr2Line, int[]? CoLines)
{
    public const int FirstOffset = -2;

    /// <summary>Parses the script output; returns the "V" version line and every code object.</summary>
    public static (string Version, List<CodeLineDump> Codes) ParseAll(string output)
    {
        string version = "";
        var codes = new List<CodeLineDump>();
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] fields = line.Split(' ');
            switch (fields[0])
            {
                case "V":
                    version = fields[1];
                    break;
                case "C":
                    int size = int.Parse(fields[4]);
                    int[] lines = fields[5..].Select(int.Parse).ToArray();
                    Assert.Equal(size - FirstOffset, lines.Length);
                    byte[] table = fields[3] == "-" ? [] : Convert.FromHexString(fields[3]);
                    codes.Add(new CodeLineDump(fields[1], int.Parse(fields[2]), table, size, lines, null));
                    break;
                case "L":
                    CodeLineDump last = codes[^1];
                    int[] coLines = fields[1..].Select(int.Parse).ToArray();
                    Assert.Equal(last.Size, coLines.Length);
                    codes[^1] = last with { CoLines = coLines };
                    break;
                default:
                    Assert.Fail($"unexpected line in dump: {line[..Math.Min(line.Length, 80)]}");
                    break;
            }
        }

        return (version, codes);
    }
}
