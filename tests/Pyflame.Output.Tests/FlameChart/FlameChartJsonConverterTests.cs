using System.Text;
using System.Text.Json;
using Pyflame.Core.Model;
using Pyflame.Output.FlameChart;
using static Pyflame.Output.Tests.TestSamples;

namespace Pyflame.Output.Tests.FlameChart;

public class FlameChartJsonConverterTests
{
    internal static JsonDocument Convert(string text)
    {
        using var output = new MemoryStream();
        FlameChartJsonConverter.Convert(new StringReader(text), output);
        return JsonDocument.Parse(output.ToArray());
    }

    /// <summary>The invariants every consumer relies on (docs/formats-and-validators.md §3).</summary>
    internal static void AssertWellFormed(JsonElement profile)
    {
        JsonElement[] nodes = [.. profile.GetProperty("nodes").EnumerateArray()];
        int[] ids = [.. nodes.Select(n => n.GetProperty("id").GetInt32())];
        Assert.Equal(ids.Length, ids.Distinct().Count());
        Assert.Equal(1, ids[0]);
        Assert.Equal("(root)", nodes[0].GetProperty("callFrame").GetProperty("functionName").GetString());

        int[] samples = [.. profile.GetProperty("samples").EnumerateArray().Select(s => s.GetInt32())];
        long[] deltas = [.. profile.GetProperty("timeDeltas").EnumerateArray().Select(d => d.GetInt64())];
        Assert.Equal(samples.Length, deltas.Length);
        Assert.All(samples, s => Assert.Contains(s, ids));
        Assert.All(deltas, d => Assert.True(d >= 0));
        foreach (JsonElement node in nodes)
        {
            int id = node.GetProperty("id").GetInt32();
            Assert.Equal(samples.Count(s => s == id), node.GetProperty("hitCount").GetInt64());
            if (node.TryGetProperty("children", out JsonElement children))
            {
                Assert.All(children.EnumerateArray(), c => Assert.Contains(c.GetInt32(), ids));
            }

            JsonElement frame = node.GetProperty("callFrame");
            Assert.Equal(JsonValueKind.String, frame.GetProperty("scriptId").ValueKind);
            Assert.Equal(JsonValueKind.String, frame.GetProperty("url").ValueKind);
            Assert.Equal(JsonValueKind.Number, frame.GetProperty("lineNumber").ValueKind);
            Assert.Equal(JsonValueKind.Number, frame.GetProperty("columnNumber").ValueKind);
        }

        // Every node but the root has exactly one parent.
        int[] childIds = [.. nodes.SelectMany(n => n.TryGetProperty("children", out JsonElement c)
            ? c.EnumerateArray().Select(e => e.GetInt32()) : [])];
        Assert.Equal(ids.Skip(1).Order(), childIds.Order());
        Assert.Equal(samples.Length, nodes.Sum(n => n.GetProperty("hitCount").GetInt64()));
    }

    internal static string Describe(JsonElement node)
    {
        JsonElement frame = node.GetProperty("callFrame");
        string children = node.TryGetProperty("children", out JsonElement c)
            ? string.Join(",", c.EnumerateArray().Select(e => e.GetInt32()))
            : "-";
        return $"{node.GetProperty("id").GetInt32()} {frame.GetProperty("functionName").GetString()} " +
            $"url={frame.GetProperty("url").GetString()} script={frame.GetProperty("scriptId").GetString()} " +
            $"line={frame.GetProperty("lineNumber").GetInt32()} col={frame.GetProperty("columnNumber").GetInt32()} " +
            $"hits={node.GetProperty("hitCount").GetInt64()} children={children}";
    }

    [Fact]
    public void SmallProfile_HasExactNodesSamplesAndDeltas()
    {
        using JsonDocument doc = Convert(
            "1000\n/a.py:<module>:10;/a.py:f:3;\n" +
            "1010\n/a.py:<module>:10;/a.py:f:3;\n" +
            "1030\n(idle)\n" +
            "1040\n/a.py:<module>:10;/b.py:g:1;\n" +
            "1040\n/a.py:<module>:0;\n");
        JsonElement p = doc.RootElement;

        AssertWellFormed(p);
        Assert.Equal(
            [
                "1 (root) url= script=0 line=-1 col=-1 hits=0 children=2,4,6",
                "2 <module> url=/a.py script=1 line=9 col=0 hits=0 children=3,5",
                "3 f url=/a.py script=1 line=2 col=0 hits=2 children=-",
                "4 (idle) url= script=0 line=-1 col=-1 hits=1 children=-",
                "5 g url=/b.py script=2 line=0 col=0 hits=1 children=-",
                "6 <module> url=/a.py script=1 line=-1 col=0 hits=1 children=-",
            ],
            p.GetProperty("nodes").EnumerateArray().Select(Describe));
        Assert.Equal("[3,3,4,5,6]", p.GetProperty("samples").GetRawText());
        Assert.Equal("[0,10,20,10,0]", p.GetProperty("timeDeltas").GetRawText());
        Assert.Equal(1000, p.GetProperty("startTime").GetInt64());
        Assert.Equal(1040 + 13, p.GetProperty("endTime").GetInt64()); // last + average tick (40/3: 4 distinct times)
        Assert.Equal(["nodes", "startTime", "endTime", "samples", "timeDeltas"],
            p.EnumerateObject().Select(o => o.Name));
    }

    [Fact]
    public void WriterOutput_RoundTrips_PerThreadWithUtf8Names()
    {
        string text = FlameChartWriterTests.Write(
            new FlameChartOptions(PerThread: true),
            Stacks(5_000, Thread(1, "Главный", false, new FrameInfo("/d/模块.py", "f", 2)), Thread(2, null, true, Wait)),
            Stacks(15_000, Thread(1, "Главный", false, new FrameInfo("/d/模块.py", "f", 2))),
            new Sample(25_000, SampleOutcome.Failed, []));

        using JsonDocument doc = Convert(text);

        AssertWellFormed(doc.RootElement);
        Assert.Equal(
            [
                "1 (root) url= script=0 line=-1 col=-1 hits=0 children=2,4,7",
                "2 (thread 1 Главный) url= script=0 line=-1 col=-1 hits=0 children=3",
                "3 f url=/d/模块.py script=1 line=1 col=0 hits=2 children=-",
                "4 (thread 2) url= script=0 line=-1 col=-1 hits=0 children=5",
                "5 (idle) url= script=0 line=-1 col=-1 hits=0 children=6",
                "6 wait url=/usr/lib/python3.11/threading.py script=2 line=319 col=0 hits=1 children=-",
                "7 (failed) url= script=0 line=-1 col=-1 hits=1 children=-",
            ],
            doc.RootElement.GetProperty("nodes").EnumerateArray().Select(Describe));
        long[] deltas = [.. doc.RootElement.GetProperty("timeDeltas").EnumerateArray().Select(d => d.GetInt64())];
        Assert.Equal(25_000 - 5_000, deltas.Sum());
    }

    [Fact]
    public void NoLineNumbers_AndCrLf_AndBlankLines_AreAccepted()
    {
        using JsonDocument doc = Convert("\r\n10\r\n/a.py:main;/a.py:f;\r\n\r\n20\r\n/a.py:main;\r\n");

        AssertWellFormed(doc.RootElement);
        Assert.Equal(
            [
                "1 (root) url= script=0 line=-1 col=-1 hits=0 children=2",
                "2 main url=/a.py script=1 line=-1 col=0 hits=1 children=3",
                "3 f url=/a.py script=1 line=-1 col=0 hits=1 children=-",
            ],
            doc.RootElement.GetProperty("nodes").EnumerateArray().Select(Describe));
    }

    [Fact]
    public void ManySamples_KeepInvariants_AndDeltasSumToTheTimeSpan()
    {
        var text = new StringBuilder();
        var random = new Random(1234);
        long ts = 1_700_000_000_000_000;
        long first = ts;
        long last = ts;
        var written = new HashSet<long>();
        string[] frames = ["/a.py:<module>:1", "/a.py:f:2", "/b.py:g:3", "/b.py:h:4"];
        for (int i = 0; i < 2_000; i++)
        {
            text.Append(ts).Append('\n');
            last = ts;
            written.Add(ts);
            int depth = random.Next(0, 5);
            if (depth == 0)
            {
                text.Append("(idle)\n");
            }
            else
            {
                for (int d = 0; d < depth; d++)
                {
                    text.Append(frames[random.Next(frames.Length)]).Append(';');
                }

                text.Append('\n');
            }

            ts += random.Next(0, 20_000);
        }

        using JsonDocument doc = Convert(text.ToString());
        JsonElement p = doc.RootElement;

        AssertWellFormed(p);
        long[] deltas = [.. p.GetProperty("timeDeltas").EnumerateArray().Select(d => d.GetInt64())];
        Assert.Equal(2_000, deltas.Length);
        Assert.Equal(first, p.GetProperty("startTime").GetInt64());
        Assert.Equal(last - first, deltas.Sum());
        Assert.Equal(last + ((last - first) / (written.Count - 1)), p.GetProperty("endTime").GetInt64());
    }

    [Theory]
    [InlineData("abc\n/a.py:f:1;\n", 1, "expected a timestamp")]
    [InlineData("10\n/a.py:f:1;\n-5\n/a.py:f:1;\n", 3, "expected a timestamp")]
    [InlineData("10\n/a.py:f:1;\n20\n", 3, "timestamp without a stack line")]
    [InlineData("10\n/a.py:f:1\n", 2, "each end in ';'")]
    [InlineData("10\n20\n/a.py:f:1;\n", 2, "each end in ';'")]
    [InlineData("10\n/a.py:f:1;;/a.py:g:2;\n", 2, "empty frame")]
    [InlineData("10\n;\n", 2, "empty frame")]
    [InlineData("20\n/a.py:f:1;\n10\n/a.py:f:1;\n", 3, "earlier than the previous")]
    [InlineData("99999999999999999999999\n/a.py:f:1;\n", 1, "expected a timestamp")]
    public void MalformedInput_RaisesOneTypedErrorWithTheLine(string text, long line, string message)
    {
        FlameChartFormatException error = Assert.Throws<FlameChartFormatException>(() => Convert(text).Dispose());

        Assert.Equal(line, error.LineNumber);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Contains($"line {line}:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OverlongLine_IsRefused_WithoutReadingItAll()
    {
        string text = "10\n" + new string('x', FlameChartJsonConverter.MaxLineChars + 1) + ";\n";

        FlameChartFormatException error = Assert.Throws<FlameChartFormatException>(() => Convert(text).Dispose());

        Assert.Equal(2, error.LineNumber);
    }

    [Fact]
    public void TooDeepStack_IsRefused()
    {
        string text = "10\n" + string.Concat(Enumerable.Repeat("/a.py:f:1;", FlameChartJsonConverter.MaxFramesPerStack + 1)) + "\n";

        FlameChartFormatException error = Assert.Throws<FlameChartFormatException>(() => Convert(text).Dispose());

        Assert.Contains("deeper than", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyInput_GivesAValidProfileWithOnlyTheRoot()
    {
        using JsonDocument doc = Convert("");

        AssertWellFormed(doc.RootElement);
        Assert.Equal(1, doc.RootElement.GetProperty("nodes").GetArrayLength());
        Assert.Equal(0, doc.RootElement.GetProperty("samples").GetArrayLength());
    }
}
