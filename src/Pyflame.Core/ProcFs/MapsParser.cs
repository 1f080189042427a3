using System.Globalization;
using Pyflame.Core.Memory;

namespace Pyflame.Core.ProcFs;

/// <summary>
/// Parses the text of <c>/proc/PID/maps</c> (format in proc(5)): one mapping per line,
/// <c>start-end perms offset dev inode [path]</c>. The path is everything after the inode and may
/// contain spaces, end in " (deleted)", or be a pseudo name such as [heap]; anonymous mappings have none.
/// </summary>
public static class MapsParser
{
    /// <summary>Bounds the work on a corrupt or hostile input; real processes have far fewer mappings.</summary>
    public const int MaxRegions = 1_000_000;

    /// <summary>Parses every well-formed line; malformed lines are skipped, never thrown on.</summary>
    public static IReadOnlyList<MemoryRegion> Parse(string mapsText)
    {
        ArgumentNullException.ThrowIfNull(mapsText);
        List<MemoryRegion> regions = [];
        foreach (ReadOnlySpan<char> line in mapsText.AsSpan().EnumerateLines())
        {
            if (regions.Count >= MaxRegions)
            {
                break;
            }

            if (TryParseLine(line, out MemoryRegion? region))
            {
                regions.Add(region);
            }
        }

        return regions;
    }

    /// <summary>Parses one maps line; false for anything that does not have the five leading fields.</summary>
    public static bool TryParseLine(ReadOnlySpan<char> line, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MemoryRegion? region)
    {
        region = null;
        ReadOnlySpan<char> rest = line;
        if (!TryTakeField(ref rest, out ReadOnlySpan<char> range)
            || !TryTakeField(ref rest, out ReadOnlySpan<char> permissions)
            || !TryTakeField(ref rest, out ReadOnlySpan<char> offsetText)
            || !TryTakeField(ref rest, out ReadOnlySpan<char> device)
            || !TryTakeField(ref rest, out ReadOnlySpan<char> inodeText))
        {
            return false;
        }

        int dash = range.IndexOf('-');
        if (dash <= 0
            || !TryParseHex(range[..dash], out ulong start)
            || !TryParseHex(range[(dash + 1)..], out ulong end)
            || end < start
            || permissions.Length != 4
            || !TryParseHex(offsetText, out ulong offset)
            || !long.TryParse(inodeText, NumberStyles.None, CultureInfo.InvariantCulture, out long inode))
        {
            return false;
        }

        // The kernel pads the inode column with spaces before the path; the path keeps its own spaces.
        string path = rest.TrimStart(' ').TrimEnd('\r').ToString();
        region = new MemoryRegion(start, end, permissions.ToString(), offset, device.ToString(), inode, path);
        return true;
    }

    private static bool TryTakeField(ref ReadOnlySpan<char> rest, out ReadOnlySpan<char> field)
    {
        rest = rest.TrimStart(' ');
        int space = rest.IndexOf(' ');
        field = space < 0 ? rest : rest[..space];
        rest = space < 0 ? [] : rest[space..];
        return !field.IsEmpty;
    }

    private static bool TryParseHex(ReadOnlySpan<char> text, out ulong value) =>
        ulong.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
}
