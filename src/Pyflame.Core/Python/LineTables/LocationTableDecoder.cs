namespace Pyflame.Core.Python.LineTables;

/// <summary>
/// 3.11+ location table (<c>co_linetable</c>, described in CPython's Objects/locations.md). Each entry
/// starts with a byte <c>1 | code(4 bits) | units−1 (3 bits)</c> followed by bytes with bit 7 clear.
/// Only the line is decoded here; like <c>advance()</c> in codeobject.c, the column bytes are skipped
/// by scanning to the next byte with bit 7 set, which also keeps us aligned on garbage.
/// </summary>
internal static class LocationTableDecoder
{
    private const int CodeUnitBytes = 2;
    private const int NoColumnsCode = 13;
    private const int LongFormCode = 14;
    private const int OneLine1Code = 11;
    private const int OneLine2Code = 12;
    private const int NoLocationMarker = 0x1f; // entry byte >> 3: bit 7 set and code 15

    // 6 data bits per byte; 6 bytes already exceed 32 bits, anything longer is garbage.
    private const int MaxVarintBytes = 6;

    public static int GetLine(ReadOnlySpan<byte> table, int firstLine, int byteOffset)
    {
        int computedLine = firstLine;
        long rangeEnd = 0;
        int position = 0;
        while (position < table.Length)
        {
            byte entry = table[position];
            computedLine += LineDelta(table, position);
            rangeEnd += ((entry & 7) + 1) * CodeUnitBytes;
            if (byteOffset < rangeEnd)
            {
                return entry >> 3 == NoLocationMarker ? LineTableDecoder.NoLine : computedLine;
            }

            do
            {
                position++;
            }
            while (position < table.Length && (table[position] & 0x80) == 0);
        }

        return LineTableDecoder.NoLine;
    }

    /// <summary>Line delta of the entry at <paramref name="position"/>, per <c>get_line_delta()</c>.</summary>
    private static int LineDelta(ReadOnlySpan<byte> table, int position)
    {
        int code = (table[position] >> 3) & 15;
        return code switch
        {
            NoColumnsCode or LongFormCode => ReadSignedVarint(table, position + 1),
            OneLine1Code => 1,
            OneLine2Code => 2,
            _ => 0, // short forms, one-line form 0 and "no location" keep the line
        };
    }

    /// <summary>Zig-zag style signed varint: low bit is the sign, the rest the magnitude.</summary>
    private static int ReadSignedVarint(ReadOnlySpan<byte> table, int position)
    {
        uint value = ReadVarint(table, position);
        int magnitude = (int)(value >> 1);
        return (value & 1) != 0 ? -magnitude : magnitude;
    }

    /// <summary>6-bit groups, least significant first; bit 6 says another byte follows.</summary>
    private static uint ReadVarint(ReadOnlySpan<byte> table, int position)
    {
        uint value = 0;
        int shift = 0;
        for (int i = 0; i < MaxVarintBytes && position + i < table.Length; i++)
        {
            byte current = table[position + i];
            value |= (uint)(current & 63) << shift;
            if ((current & 64) == 0)
            {
                break;
            }

            shift += 6;
        }

        return value;
    }
}
