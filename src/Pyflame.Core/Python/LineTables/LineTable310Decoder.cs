namespace Pyflame.Core.Python.LineTables;

/// <summary>
/// 3.10 <c>co_linetable</c> (PEP 626): pairs of (byte length: u8, line delta: i8); each pair covers
/// the next <c>length</c> bytes. A delta of -128 means "no line" for that range and leaves the running
/// line unchanged. Zero-length pairs only carry line deltas larger than ±127. Mirrors
/// <c>PyLineTable_NextAddressRange</c> / <c>_PyCode_CheckLineNumber</c> in 3.10's codeobject.c:
/// an offset past the last range has no line.
/// </summary>
internal static class LineTable310Decoder
{
    private const sbyte NoLineDelta = -128;

    public static int GetLine(ReadOnlySpan<byte> table, int firstLine, int byteOffset)
    {
        int computedLine = firstLine;
        long rangeEnd = 0;
        for (int i = 0; i + 1 < table.Length; i += 2)
        {
            rangeEnd += table[i];
            sbyte lineDelta = (sbyte)table[i + 1];
            int rangeLine = LineTableDecoder.NoLine;
            if (lineDelta != NoLineDelta)
            {
                computedLine += lineDelta;
                rangeLine = computedLine;
            }

            // Every earlier range ended at or before byteOffset, so this one contains it.
            // A zero-length pair can never satisfy this, so its delta just accumulates.
            if (byteOffset < rangeEnd)
            {
                return rangeLine;
            }
        }

        return LineTableDecoder.NoLine;
    }
}
