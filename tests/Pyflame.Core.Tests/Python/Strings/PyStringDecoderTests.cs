using System.Text;
using Pyflame.Core.Python.Strings;

namespace Pyflame.Core.Tests.Python.Strings;

public sealed class PyStringDecoderTests
{
    private const uint Kind1 = 1 << 2;
    private const uint Kind2 = 2 << 2;
    private const uint Kind4 = 4 << 2;
    private const uint Compact = 1 << 5;
    private const uint Ascii = 1 << 6;

    [Fact]
    public void DecodeBytesKeepsValidUtf8()
    {
        Assert.Equal("h\u00e9llo_\u65e5\u672c_\U0001F600", PyStringDecoder.DecodeBytes(Encoding.UTF8.GetBytes("h\u00e9llo_\u65e5\u672c_\U0001F600")));
        Assert.Equal("", PyStringDecoder.DecodeBytes([]));
    }

    [Fact]
    public void DecodeBytesMapsEachInvalidByteToLatin1()
    {
        // Latin-1 encoded name, a truncated 3-byte sequence at the end, and a lone continuation byte.
        byte[] raw = [0x68, 0xE9, 0x6C, 0x80, 0x41, 0xE6, 0x97];
        Assert.Equal("h\u00e9l\u0080A\u00e6\u0097", PyStringDecoder.DecodeBytes(raw));
    }

    [Fact]
    public void DecodePep393ReadsAllThreeWidths()
    {
        Assert.Equal("h\u00e9llo", PyStringDecoder.DecodePep393(Kind1 | Compact, Encoding.Latin1.GetBytes("h\u00e9llo"), 5));
        Assert.Equal("abc", PyStringDecoder.DecodePep393(Kind1 | Compact | Ascii, "abc"u8, 3));
        Assert.Equal("\u65e5\u672c", PyStringDecoder.DecodePep393(Kind2 | Compact, Encoding.Unicode.GetBytes("\u65e5\u672c"), 2));
        Assert.Equal("a\U00020000", PyStringDecoder.DecodePep393(Kind4 | Compact, Encoding.UTF32.GetBytes("a\U00020000"), 2));
    }

    [Fact]
    public void SurrogateEscapesBecomeTheOriginalUtf8Bytes()
    {
        // "/h\udcc3\udca9llo" is how 3.6 in the C locale holds "/héllo"; kind 4 when astral chars are present too.
        ushort[] kind2 = ['/', 'h', 0xDCC3, 0xDCA9, 'l', 'l', 'o'];
        Assert.Equal("/h\u00e9llo", PyStringDecoder.DecodePep393(Kind2 | Compact, ToBytes(kind2), kind2.Length));
        uint[] kind4 = [0x1F600, 0xDCE6, 0xDC97, 0xDCA5];
        Assert.Equal("\U0001F600\u65e5", PyStringDecoder.DecodePep393(Kind4 | Compact, ToBytes(kind4), kind4.Length));
    }

    [Fact]
    public void EscapedBytesThatAreNotUtf8FallBackToLatin1AndOtherLoneSurrogatesStay()
    {
        ushort[] data = [0xDCE9, 'x', 0xD800];
        Assert.Equal("\u00e9x\ud800", PyStringDecoder.DecodePep393(Kind2 | Compact, ToBytes(data), data.Length));
    }

    [Fact]
    public void InvalidInputGivesEmptyOrReplacementNeverAnException()
    {
        Assert.Equal("", PyStringDecoder.DecodePep393(3 << 2, new byte[12], 3));            // kind 3
        Assert.Equal("", PyStringDecoder.DecodePep393(0, new byte[12], 3));                 // kind 0 (not ready)
        Assert.Equal("", PyStringDecoder.DecodePep393(Kind2 | Ascii, new byte[12], 3));     // ascii must be kind 1
        Assert.Equal("", PyStringDecoder.DecodePep393(Kind1, "abc"u8, -1));
        Assert.Equal("ab", PyStringDecoder.DecodePep393(Kind1, "ab"u8, 10));               // data shorter than length
        Assert.Equal("a\ufffd", PyStringDecoder.DecodePep393(Kind4, ToBytes([(uint)'a', 0x110000]), 2));
        Assert.False(PyStringDecoder.TryGetKind(3 << 2, out _));
        Assert.True(PyStringDecoder.TryGetKind(Kind4 | Compact, out int kind) && kind == 4);
    }

    private static byte[] ToBytes(ushort[] units) => units.SelectMany(unit => BitConverter.GetBytes(unit)).ToArray();

    private static byte[] ToBytes(uint[] codePoints) => codePoints.SelectMany(codePoint => BitConverter.GetBytes(codePoint)).ToArray();
}
