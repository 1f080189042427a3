using System.Text;
using Pyflame.Core.Python.Values;

namespace Pyflame.Core.Tests.Python.Values;

/// <summary>Float and string previews match what CPython's repr() prints (values checked against python3.11).</summary>
public class PythonTextTests
{
    [Theory]
    [InlineData(0.1, "0.1")]
    [InlineData(1.0, "1.0")]
    [InlineData(-0.0, "-0.0")]
    [InlineData(2.5, "2.5")]
    [InlineData(1e16, "1e+16")]
    [InlineData(1e15, "1000000000000000.0")]
    [InlineData(1.5e-5, "1.5e-05")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(123456.789, "123456.789")]
    [InlineData(-1.7976931348623157e308, "-1.7976931348623157e+308")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(double.PositiveInfinity, "inf")]
    [InlineData(double.NegativeInfinity, "-inf")]
    [InlineData(double.NaN, "nan")]
    public void Float_is_written_like_python_repr(double value, string expected) =>
        Assert.Equal(expected, PythonFloatText.Format(value));

    [Theory]
    [InlineData("abc", "'abc'")]
    [InlineData("it's", "\"it's\"")]
    [InlineData("both ' and \"", "'both \\' and \"'")]
    [InlineData("tab\tnl\ncr\rbs\\", "'tab\\tnl\\ncr\\rbs\\\\'")]
    [InlineData("\u0001\u007f\u00a0é\u2028日本😀", "'\\x01\\x7f\\xa0é\\u2028日本😀'")]
    public void Str_is_written_like_python_repr(string value, string expected)
    {
        var text = new StringBuilder();
        PythonReprText.AppendStr(text, value, cut: false, value.Length);
        Assert.Equal(expected, text.ToString());
    }

    [Fact]
    public void Bytes_are_written_like_python_repr_and_a_cut_preview_says_the_full_length()
    {
        var text = new StringBuilder();
        PythonReprText.AppendBytes(text, [0, (byte)'a', (byte)'\'', 0xff], cut: true, 1000, "b");
        Assert.Equal("b\"\\x00a'\\xff\"... (1000 bytes)", text.ToString());
    }
}
