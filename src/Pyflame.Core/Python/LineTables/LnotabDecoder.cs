namespace Pyflame.Core.Python.LineTables;

/// <summary>
/// <c>co_lnotab</c> (2.7, 3.6-3.9): pairs of (address increment, line increment). Mirrors
/// <c>PyCode_Addr2Line</c> in Objects/codeobject.c of those versions: walk the pairs, stop at the
/// first address past the target, otherwise apply the line increment. 2.7 line increments are
/// unsigned; 3.6+ made them signed bytes (Objects/lnotab_notes.txt).
/// </summary>
internal static class LnotabDecoder
{
    public static int GetLine(ReadOnlySpan<byte> table, int firstLine, int byteOffset, bool signedLineDeltas)
    {
        int line = firstLine;
        long address = 0; // long: a garbage table of 255-byte increments cannot overflow it
        for (int i = 0; i + 1 < table.Length; i += 2)
        {
            address += table[i];
            if (address > byteOffset)
            {
                break;
            }

            byte lineIncrement = table[i + 1];
            line += signedLineDeltas ? (sbyte)lineIncrement : lineIncrement;
        }

        return line;
    }
}
