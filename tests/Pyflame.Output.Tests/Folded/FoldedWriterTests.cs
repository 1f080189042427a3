using System.Text;
using Pyflame.Core.Aggregation;
using Pyflame.Core.Model;
using Pyflame.Output.Folded;
using static Pyflame.Output.Tests.TestSamples;

namespace Pyflame.Output.Tests.Folded;

public class FoldedWriterTests
{
    private static readonly Sample[] GilSamples =
    [
        Stacks(1, Thread(5, "MainThread", false, Work, Main, Module)),
        Stacks(2, Thread(5, "MainThread", false, Work, Main, Module)),
        Stacks(3, Thread(5, "MainThread", false, Main, Module)),
        new(4, SampleOutcome.Idle, []),
        new(5, SampleOutcome.Idle, []),
        new(6, SampleOutcome.Failed, [], ReadFailure.Changing("torn")),
    ];

    private static string Folded(Profile profile, FoldedOptions options)
    {
        var writer = new StringWriter();
        FoldedWriter.Write(profile, writer, options);
        return writer.ToString();
    }

    [Fact]
    public void GilMode_IdleAndFailedFirst_ThenStacksByCount()
    {
        Profile profile = Aggregate(new StackAggregatorOptions(false, false, true), GilSamples);

        Assert.Equal(
            "(idle) 2\n" +
            "(failed) 1\n" +
            "/srv/app.py:<module>:10;/srv/app.py:main:3;/srv/app.py:work:7 2\n" +
            "/srv/app.py:<module>:10;/srv/app.py:main:3 1\n",
            Folded(profile, new FoldedOptions()));
    }

    [Fact]
    public void ExcludeIdle_OmitsIdleLine_EvenIfTheProfileCountedIt()
    {
        Profile profile = Aggregate(new StackAggregatorOptions(false, false, true), GilSamples);

        string text = Folded(profile, new FoldedOptions(ExcludeIdle: true));

        Assert.StartsWith("(failed) 1\n/srv/app.py:<module>:10;", text, StringComparison.Ordinal);
        Assert.DoesNotContain("(idle)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void NoLineNumbers_DropsLineField_AndMergesStacksThatBecomeEqual()
    {
        Profile profile = Aggregate(
            new StackAggregatorOptions(false, false, true),
            Stacks(1, Thread(5, null, false, Work, Module)),
            Stacks(2, Thread(5, null, false, Work with { Line = 8 }, Module)),
            Stacks(3, Thread(5, null, false, Main, Module)));

        Assert.Equal(
            "/srv/app.py:<module>;/srv/app.py:work 2\n" +
            "/srv/app.py:<module>;/srv/app.py:main 1\n",
            Folded(profile, new FoldedOptions(LineNumbers: false)));
    }

    [Fact]
    public void PerThread_GroupsEachThreadUnderARoot_InFirstSeenOrder()
    {
        Profile profile = Aggregate(
            new StackAggregatorOptions(true, false, true),
            Stacks(1, Thread(12345, "MainThread", false, Work, Module), Thread(777, null, true, Wait, Main)),
            Stacks(2, Thread(777, null, true, Wait, Main), Thread(12345, "MainThread", false, Main, Module)),
            Stacks(3, Thread(12345, "MainThread", false, Main, Module)));

        Assert.Equal(
            "(thread 12345 MainThread);/srv/app.py:<module>:10;/srv/app.py:main:3 2\n" +
            "(thread 12345 MainThread);/srv/app.py:<module>:10;/srv/app.py:work:7 1\n" +
            "(thread 777);(idle);/srv/app.py:main:3;/usr/lib/python3.11/threading.py:wait:320 2\n",
            Folded(profile, new FoldedOptions()));
    }

    [Fact]
    public void PerThread_ExcludeIdle_DropsIdleThreadStacks()
    {
        Profile profile = Aggregate(
            new StackAggregatorOptions(true, false, true),
            Stacks(1, Thread(1, "A", false, Work), Thread(2, "B", true, Wait)));

        Assert.Equal("(thread 1 A);/srv/app.py:work:7 1\n", Folded(profile, new FoldedOptions(ExcludeIdle: true)));
    }

    [Fact]
    public void EqualCounts_AreSortedByText_Ordinal()
    {
        Profile profile = Aggregate(
            new StackAggregatorOptions(false, false, true),
            Stacks(1, Thread(5, null, false, new FrameInfo("/b.py", "f", 1))),
            Stacks(2, Thread(5, null, false, new FrameInfo("/a.py", "f", 1))),
            Stacks(3, Thread(5, null, false, new FrameInfo("/B.py", "f", 1))));

        Assert.Equal("/B.py:f:1 1\n/a.py:f:1 1\n/b.py:f:1 1\n", Folded(profile, new FoldedOptions()));
    }

    [Fact]
    public void NonAsciiNames_AreWrittenAsExactUtf8_WithoutBomOrCarriageReturns()
    {
        var frame = new FrameInfo("/srv/données/模块.py", "grüße_λ", 4);
        Profile profile = Aggregate(
            new StackAggregatorOptions(true, false, true),
            Stacks(1, Thread(9, "Работник", false, frame)));

        using var stream = new MemoryStream();
        FoldedWriter.Write(profile, stream, new FoldedOptions());
        byte[] bytes = stream.ToArray();

        string expected = "(thread 9 Работник);/srv/données/模块.py:grüße_λ:4 1\n";
        Assert.Equal(Encoding.UTF8.GetBytes(expected), bytes);
        Assert.DoesNotContain((byte)'\r', bytes);
    }

    [Fact]
    public void SemicolonsAndLineBreaksInNames_CannotSplitFramesOrLines()
    {
        var frame = new FrameInfo("/odd;dir/a.py", "f", 1);
        Profile profile = Aggregate(
            new StackAggregatorOptions(true, false, true),
            Stacks(1, Thread(3, "bad;name\r\nx", false, frame)));

        Assert.Equal("(thread 3 bad:name??x);/odd:dir/a.py:f:1 1\n", Folded(profile, new FoldedOptions()));
    }

    [Fact]
    public void EmptyProfile_WritesNothing()
    {
        Profile profile = Aggregate(new StackAggregatorOptions(false, true, true));

        Assert.Equal("", Folded(profile, new FoldedOptions()));
    }

    [Fact]
    public void EveryLine_MatchesTheFormatFlamegraphAndSpeedscopeParse()
    {
        Profile profile = Aggregate(new StackAggregatorOptions(true, false, true),
            Stacks(1, Thread(1, "A B", false, Work, Main, Module), Thread(2, null, true, Wait)),
            new Sample(2, SampleOutcome.Idle, []), new Sample(3, SampleOutcome.Failed, []));

        string[] lines = Folded(profile, new FoldedOptions()).Split('\n');

        Assert.Equal("", lines[^1]); // ends with a newline
        Assert.Equal(4, lines.Length - 1); // (idle), (failed), thread 1, idle thread 2
        // speedscope's bg-flamegraph importer: ^(.*) (\d+)$ ; frames must be non-empty.
        Assert.All(lines[..^1], l =>
        {
            Assert.Matches(@"^[^;\r\n]+(;[^;\r\n]+)* \d+$", l);
        });
    }
}
