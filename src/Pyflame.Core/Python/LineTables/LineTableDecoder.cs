using Pyflame.Core.Python.Layouts;

namespace Pyflame.Core.Python.LineTables;

/// <summary>
/// Maps a bytecode offset to a source line using the code object's raw line table, exactly as
/// CPython's <c>PyCode_Addr2Line</c> does for each table format. Pure, allocation-free and safe on
/// truncated or garbage tables: every loop is bounded by the table length.
/// </summary>
public static class LineTableDecoder
{
    /// <summary>The value returned for instructions that have no line (3.10 -128 entries, 3.11+ code 15).</summary>
    public const int NoLine = -1;

    /// <summary>
    /// Returns the line of the instruction at <paramref name="byteOffset"/> (in bytes from the start of
    /// the bytecode: 3.10 callers pass f_lasti × 2, 3.11+ callers pass ip − (code + co_code_adaptive)),
    /// or <see cref="NoLine"/>. A negative offset is a frame that has not started and yields
    /// <paramref name="firstLine"/>, as in CPython.
    /// </summary>
    public static int GetLine(LineTableFormat format, ReadOnlySpan<byte> table, int firstLine, int byteOffset)
    {
        if (byteOffset < 0)
        {
            return firstLine;
        }

        return format switch
        {
            LineTableFormat.LnotabUnsigned => LnotabDecoder.GetLine(table, firstLine, byteOffset, signedLineDeltas: false),
            LineTableFormat.LnotabSigned => LnotabDecoder.GetLine(table, firstLine, byteOffset, signedLineDeltas: true),
            LineTableFormat.LineTable310 => LineTable310Decoder.GetLine(table, firstLine, byteOffset),
            LineTableFormat.LocationTable => LocationTableDecoder.GetLine(table, firstLine, byteOffset),
            _ => NoLine,
        };
    }
}
