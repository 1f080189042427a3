using System.Text;
using Pyflame.Output.FlameChart;

namespace Pyflame.Output.Tests.FlameChart;

public class FlameChartRecordsTests
{
    private const string Two = "1700000000000001\n/a.py:f:1;\n1700000000000002\n(idle)\n";

    [Theory]
    [InlineData("", "")]
    [InlineData(Two, Two)]
    [InlineData(Two + "1700000000000003\n", Two)]
    [InlineData(Two + "17000000", Two)]
    [InlineData(Two + "1700000000000003\n/a.py:f", Two)]
    [InlineData(Two + "1700000000000003\n/a.py:f:1;", Two)]
    [InlineData("1700000000000001\n/a.py", "")]
    public void Cuts_the_text_after_its_last_whole_record(string written, string kept)
    {
        using MemoryStream text = new(Encoding.UTF8.GetBytes(written));
        Assert.Equal(kept, written[..(int)FlameChartRecords.WholeLength(text)]);
    }

    [Fact]
    public void Finds_the_record_end_behind_a_line_longer_than_its_read_chunk()
    {
        string deep = "1700000000000001\n" + string.Concat(Enumerable.Repeat("/a.py:f:1;", 2000)) + "\n";
        using MemoryStream text = new(Encoding.UTF8.GetBytes(deep + "1700000000000002\n" + new string('x', 9000)));
        Assert.Equal(deep.Length, FlameChartRecords.WholeLength(text));
    }
}
