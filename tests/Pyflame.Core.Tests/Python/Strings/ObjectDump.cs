using Pyflame.Core.Tests.Fakes;

namespace Pyflame.Core.Tests.Python.Strings;

/// <summary>
/// One object printed by Scripts/dump_strings.py: its real bytes at its real address, the separately
/// allocated data of a non-compact str (if any), and the expected payload (UTF-8 text or raw bytes).
/// </summary>
public sealed record ObjectDump(bool IsBytesObject, string Label, ulong Address, byte[] Object, ulong DataAddress, byte[] Data, byte[] Expected)
{
    public static List<ObjectDump> ParseAll(string output)
    {
        var dumps = new List<ObjectDump>();
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] f = line.Split(' ');
            dumps.Add(f[0] switch
            {
                "S" => new ObjectDump(false, f[1], ulong.Parse(f[2]), Hex(f[3]), ulong.Parse(f[4]), Hex(f[5]), Hex(f[6])),
                "B" => new ObjectDump(true, f[1], ulong.Parse(f[2]), Hex(f[3]), 0, [], Hex(f[4])),
                _ => throw new FormatException($"unexpected dump line: {line}"),
            });
        }

        return dumps;
    }

    /// <summary>Places the object (and its separate data block) at their original addresses.</summary>
    public SyntheticMemory ToMemory()
    {
        var memory = new SyntheticMemory();
        memory.Map(Address, Object.Length);
        memory.WriteBytes(Address, Object);
        if (DataAddress != 0)
        {
            memory.Map(DataAddress, Data.Length);
            memory.WriteBytes(DataAddress, Data);
        }

        return memory;
    }

    private static byte[] Hex(string field) => field == "-" ? [] : Convert.FromHexString(field);
}
