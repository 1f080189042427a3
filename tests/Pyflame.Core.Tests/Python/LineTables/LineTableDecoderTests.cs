using Pyflame.Core.Python.Layouts;
using Pyflame.Core.Python.LineTables;

namespace Pyflame.Core.Tests.Python.LineTables;

/// <summary>Hand-built tables (per CPython's lnotab_notes.txt and locations.md) and corrupt input.</summary>
public sealed class LineTableDecoderTests
{
    private static readonly LineTableFormat[] AllFormats = Enum.GetValues<LineTableFormat>();

    [Fact]
    public void LnotabLineIncrementsAreUnsignedOn27AndSignedFrom36()
    {
        // (addr +0, line +100) then (addr +6, line byte 0x81): 2.7 reads +129, 3.6+ reads -127.
        byte[] table = [0, 100, 6, 0x81];
        Assert.Equal(300, LineTableDecoder.GetLine(LineTableFormat.LnotabUnsigned, table, 200, 0));
        Assert.Equal(429, LineTableDecoder.GetLine(LineTableFormat.LnotabUnsigned, table, 200, 6));
        Assert.Equal(300, LineTableDecoder.GetLine(LineTableFormat.LnotabSigned, table, 200, 0));
        Assert.Equal(173, LineTableDecoder.GetLine(LineTableFormat.LnotabSigned, table, 200, 6));
    }

    [Fact]
    public void LnotabStopsAtTheFirstAddressPastTheOffset()
    {
        byte[] table = [4, 1, 10, 2, 250, 3];
        Assert.Equal(5, LineTableDecoder.GetLine(LineTableFormat.LnotabSigned, table, 5, 3));
        Assert.Equal(6, LineTableDecoder.GetLine(LineTableFormat.LnotabSigned, table, 5, 4));
        Assert.Equal(6, LineTableDecoder.GetLine(LineTableFormat.LnotabSigned, table, 5, 13));
        Assert.Equal(8, LineTableDecoder.GetLine(LineTableFormat.LnotabSigned, table, 5, 14));
        Assert.Equal(11, LineTableDecoder.GetLine(LineTableFormat.LnotabSigned, table, 5, 100_000));
    }

    [Fact]
    public void LineTable310HandlesZeroLengthJumpsNoLineAndTheEnd()
    {
        // 4 bytes on line 1; +201 split as (0,+127),(6,+74); 2 bytes with no line (-128); 2 bytes at -3.
        byte[] table = [4, 0, 0, 127, 6, 74, 2, 0x80, 2, 0xFD];
        const int first = 1;
        Assert.Equal(1, LineTableDecoder.GetLine(LineTableFormat.LineTable310, table, first, 3));
        Assert.Equal(202, LineTableDecoder.GetLine(LineTableFormat.LineTable310, table, first, 4));
        Assert.Equal(202, LineTableDecoder.GetLine(LineTableFormat.LineTable310, table, first, 9));
        Assert.Equal(LineTableDecoder.NoLine, LineTableDecoder.GetLine(LineTableFormat.LineTable310, table, first, 10));
        Assert.Equal(199, LineTableDecoder.GetLine(LineTableFormat.LineTable310, table, first, 12));
        Assert.Equal(LineTableDecoder.NoLine, LineTableDecoder.GetLine(LineTableFormat.LineTable310, table, first, 14));
    }

    [Fact]
    public void LocationTableDecodesEveryLineForm()
    {
        byte[] table =
        [
            0x80 | (0 << 3) | 1, 0x05,                  // short form, 2 units: line stays 100
            0x80 | (11 << 3) | 0, 0x01, 0x02,           // one-line form +1, 1 unit: 101
            0x80 | (13 << 3) | 2, 0x58, 0x09,           // no columns, svarint 600 → +300, 3 units: 401
            0x80 | (15 << 3) | 0,                       // no location, 1 unit: none, running line stays 401
            0x80 | (14 << 3) | 0, 0x0B, 0x00, 0x01, 0x02, // long form, svarint 11 → -5, 1 unit: 396
            0x80 | (12 << 3) | 7, 0x00, 0x03,           // one-line form +2, 8 units: 398
        ];
        int[] expectedByUnit = [100, 100, 101, 401, 401, 401, LineTableDecoder.NoLine, 396, 398, 398, 398, 398, 398, 398, 398, 398];
        for (int unit = 0; unit < expectedByUnit.Length; unit++)
        {
            Assert.Equal(expectedByUnit[unit], LineTableDecoder.GetLine(LineTableFormat.LocationTable, table, 100, unit * 2));
            Assert.Equal(expectedByUnit[unit], LineTableDecoder.GetLine(LineTableFormat.LocationTable, table, 100, (unit * 2) + 1));
        }

        Assert.Equal(LineTableDecoder.NoLine, LineTableDecoder.GetLine(LineTableFormat.LocationTable, table, 100, expectedByUnit.Length * 2));
    }

    [Fact]
    public void NegativeOffsetIsAnUnstartedFrameOnTheFirstLine()
    {
        byte[] table = [0x80 | (13 << 3), 0x58, 0x09];
        foreach (LineTableFormat format in AllFormats)
        {
            Assert.Equal(42, LineTableDecoder.GetLine(format, table, 42, -2));
            Assert.Equal(42, LineTableDecoder.GetLine(format, table, 42, -1));
        }
    }

    [Fact]
    public void EmptyTableGivesFirstLineForLnotabAndNoLineForRangeFormats()
    {
        Assert.Equal(7, LineTableDecoder.GetLine(LineTableFormat.LnotabUnsigned, [], 7, 0));
        Assert.Equal(7, LineTableDecoder.GetLine(LineTableFormat.LnotabSigned, [], 7, 10));
        Assert.Equal(LineTableDecoder.NoLine, LineTableDecoder.GetLine(LineTableFormat.LineTable310, [], 7, 0));
        Assert.Equal(LineTableDecoder.NoLine, LineTableDecoder.GetLine(LineTableFormat.LocationTable, [], 7, 0));
    }

    [Fact]
    public void TruncatedVarintAtTheEndIsReadAsFarAsItGoes()
    {
        // Continuation bit set on the last byte: the varint must stop at the table end, not overrun.
        byte[] table = [0x80 | (13 << 3), 0x44];
        Assert.Equal(10 + 2, LineTableDecoder.GetLine(LineTableFormat.LocationTable, table, 10, 0));
    }

    [Fact]
    public void GarbageTablesNeverThrowAndNeverAllocate()
    {
        var random = new Random(1234);
        byte[][] tables = Enumerable.Range(0, 200).Select(i =>
        {
            byte[] bytes = new byte[random.Next(0, 300)];
            random.NextBytes(bytes);
            return bytes;
        }).ToArray();
        tables[0] = Enumerable.Repeat((byte)0xFF, 100_000).ToArray(); // endless continuation bits

        long checksum = 0;
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        foreach (byte[] table in tables)
        {
            foreach (LineTableFormat format in AllFormats)
            {
                for (int offset = -2; offset < 2_000; offset += 7)
                {
                    checksum += LineTableDecoder.GetLine(format, table, 1, offset);
                }
            }

            checksum += LineTableDecoder.GetLine(LineTableFormat.LocationTable, table, 1, int.MaxValue);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        Assert.Equal(0, allocated);
        Assert.NotEqual(0, checksum); // the loop really ran the decoders
    }
}
