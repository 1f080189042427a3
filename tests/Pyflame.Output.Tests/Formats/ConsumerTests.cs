using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Pyflame.Output.FlameChart;
using Pyflame.Output.Formats;
using Pyflame.Output.Tests.FlameChart;
using Pyflame.TestSupport;

namespace Pyflame.Output.Tests.Formats;

/// <summary>
/// Every format of the 3:1 profile (<see cref="ThreeToOneProfile"/>) opened by a real third-party
/// consumer; each test asserts what that consumer REPORTS: compute 75% / 300 ms, io_wait 25% / 100 ms,
/// main and &lt;module&gt; 100% / 400 ms.
/// </summary>
public partial class ConsumerTests(ThreeToOneProfile files) : IClassFixture<ThreeToOneProfile>
{
    [Fact]
    public void Speedscope_SchemaAccepts_AndSpeedscopeShowsTheSplit()
    {
        string path = files.PathOf(OutputFormat.Speedscope);
        Assert.Equal("VALID", Consumers.Node("speedscope-schema.mjs", path).Trim());

        JsonElement report = JsonDocument.Parse(Consumers.Node("speedscope-check.mjs", path)).RootElement;
        Assert.Equal("speedscope json file", report.GetProperty("importer").GetString());
        Assert.Empty(report.GetProperty("failures").EnumerateArray());
        Dictionary<string, (string Total, string Self)> rows = report.GetProperty("rows").EnumerateArray()
            .ToDictionary(r => r.GetProperty("name").GetString()!, r => (r.GetProperty("total").GetString()!, r.GetProperty("self").GetString()!));
        Assert.Equal(("300.00ms (75%)", "300.00ms (75%)"), rows["compute"]);
        Assert.Equal(("100.00ms (25%)", "100.00ms (25%)"), rows["io_wait"]);
        Assert.Equal("400.00ms (100%)", rows["main"].Total);
        Assert.Equal("400.00ms (100%)", rows["<module>"].Total);
    }

    [Fact]
    public void Speedscope_PerThread_OneProfilePerThreadWithRealWeights()
    {
        string path = files.PathOf(OutputFormat.Speedscope, "threads");
        Assert.Equal("VALID", Consumers.Node("speedscope-schema.mjs", path).Trim());
        JsonElement file = JsonDocument.Parse(File.ReadAllText(path)).RootElement;
        JsonElement[] profiles = [.. file.GetProperty("profiles").EnumerateArray()];
        Assert.Equal(["MainThread (tid 4242)", "worker (tid 4243)"], profiles.Select(p => p.GetProperty("name").GetString()));
        Assert.All(profiles, p => Assert.Equal(400_000, p.GetProperty("weights").EnumerateArray().Sum(w => w.GetInt64())));
        // The idle worker waited the whole time: one merged sample, (idle) at its root.
        Assert.Single(profiles[1].GetProperty("samples").EnumerateArray());
    }

    [Fact]
    public void CpuProfile_DevToolsReportsTheSplit_AndMatchesTheFlameChartConverter()
    {
        string path = files.PathOf(OutputFormat.CpuProfile);
        JsonElement report = JsonDocument.Parse(Consumers.Node("cpuprofile-check.mjs", path)).RootElement;
        Assert.Equal(40, report.GetProperty("samples").GetInt32());
        Assert.Equal(300, Ms(report, "treeSelfMs", "compute"));
        Assert.Equal(100, Ms(report, "treeSelfMs", "io_wait"));
        Assert.Equal(400, Ms(report, "treeTotalMs", "main"));
        Assert.Equal(400, Ms(report, "treeTotalMs", "<module>"));

        // Same bytes as pyflame -T | utils/flame-chart-json: one implementation, two entry points.
        string text = FlameChartWriterTests.Write(new FlameChartOptions(), [.. ThreeToOneProfile.Samples(perThread: false)]);
        using var converted = new MemoryStream();
        FlameChartJsonConverter.Convert(new StringReader(text), converted);
        Assert.Equal(converted.ToArray(), File.ReadAllBytes(path));
    }

    [Fact]
    public void ChromeTrace_DevToolsTraceEngineReportsTheSplitPerThread()
    {
        JsonElement report = JsonDocument.Parse(Consumers.Node("trace-check.mjs", files.PathOf(OutputFormat.ChromeTrace, "threads"))).RootElement;
        JsonElement[] threads = [.. report.GetProperty("threads").EnumerateArray()];
        JsonElement main = threads.Single(t => t.GetProperty("tid").GetInt32() == 4242);
        JsonElement worker = threads.Single(t => t.GetProperty("tid").GetInt32() == 4243);
        Assert.Equal("MainThread", main.GetProperty("name").GetString());
        Assert.Equal("worker", worker.GetProperty("name").GetString());
        Assert.Equal(300, Ms(main, "selfMs", "compute"));
        Assert.Equal(100, Ms(main, "selfMs", "io_wait"));
        Assert.Equal(400, Ms(main, "totalMs", "main"));
        Assert.Equal(400, Ms(main, "totalMs", "<module>"));
        Assert.Equal(400, Ms(worker, "totalMs", "(idle)"));
        Assert.Equal(400, Ms(worker, "selfMs", "wait"));
        Assert.Equal(400, report.GetProperty("bounds").GetProperty("range").GetDouble() / 1000);
    }

    [Fact]
    public void Pprof_GoToolPprofReportsTheSplit_KeepsModuleName_AndThreadLabels()
    {
        Dictionary<string, (string Flat, string Cum)> top = PprofTop(files.PathOf(OutputFormat.Pprof), "samples");
        Assert.Equal(("30", "30"), top["compute"]);
        Assert.Equal(("10", "10"), top["io_wait"]);
        Assert.Equal("40", top["main"].Cum);
        Assert.Equal("40", top["<module>"].Cum);
        Assert.Equal(("300ms", "300ms"), PprofTop(files.PathOf(OutputFormat.Pprof), "wall")["compute"]);

        (int exitCode, string traces, string stderr) = Consumers.GoPprof("-traces", files.PathOf(OutputFormat.Pprof, "threads"));
        Assert.True(exitCode == 0, stderr);
        Assert.Contains("thread:  worker", traces, StringComparison.Ordinal);
        Assert.Contains("thread:  MainThread", traces, StringComparison.Ordinal);
        Assert.Matches(@"wait\s+\(idle\)", traces);
    }

    [Fact]
    public void Svg_InChromium_HoverZoomAndSearchWork_WithoutErrors()
    {
        JsonElement page = BrowserCheck(files.PathOf(OutputFormat.Svg), "compute", "io_");
        AssertFlameGraphBehaviour(page);
        Assert.Equal("Pyflame: python3 app.py", page.GetProperty("title").GetString());
        Assert.StartsWith("PID 4242 \u00b7 0.39 s \u00b7 40 samples at 100 Hz (every 10 ms)", page.GetProperty("subtitle").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Html_InChromium_FlameGraphWorks_AndTableSortsByEveryColumn()
    {
        JsonElement page = BrowserCheck(files.PathOf(OutputFormat.Html), "compute", "io_");
        AssertFlameGraphBehaviour(page);
        string[][] table = [.. page.GetProperty("table").EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.GetString()!).ToArray())];
        Assert.Equal(["compute", "/srv/app.py", "30", "75.00%", "30", "75.00%"], table[0]);
        Assert.Equal(["io_wait", "/srv/app.py", "10", "25.00%", "10", "25.00%"], table[1]);
        Assert.Contains(["main", "/srv/app.py", "0", "0.00%", "40", "100.00%"], table);
        // Self clicked once more: ascending (0, 0, 10, 30); Function: A to Z.
        Assert.Equal(["io_wait", "compute"], Names(page, "afterSelfClick").TakeLast(2));
        Assert.Equal(["<module>", "compute", "io_wait", "main"], Names(page, "afterFunctionClick"));
    }

    [Fact]
    public void Svg_IsWellFormedXml_FlameGrowsUp_IcicleGrowsDown_ColoursDependOnlyOnTheName()
    {
        XElement[] flame = Boxes(files.PathOf(OutputFormat.Svg));
        XElement[] icicle = Boxes(files.PathOf(OutputFormat.Svg, "icicle"));
        XElement[] threads = Boxes(files.PathOf(OutputFormat.Svg, "threads"));
        Assert.True(Y(flame, "all") > Y(flame, "compute"), "flame: the root is at the bottom");
        Assert.True(Y(icicle, "all") < Y(icicle, "compute"), "icicle: the root is at the top");
        Assert.Equal(Fill(flame, "compute"), Fill(threads, "compute"));
        Assert.NotEqual(Fill(flame, "compute"), Fill(flame, "io_wait"));
        Assert.Contains(threads, b => (string?)b.Attribute("data-n") == "(thread 4243 worker)");
    }

    internal static double Ms(JsonElement result, string table, string function) =>
        Math.Round(result.GetProperty(table).GetProperty(function).GetDouble(), 3);

    internal static JsonElement BrowserCheck(string path, string zoom, string search) =>
        JsonDocument.Parse(Consumers.Node("browser-check.mjs", path, zoom, search)).RootElement.Clone();

    /// <summary>`go tool pprof -top`: function → (flat, cum) in the chosen sample type.</summary>
    internal static Dictionary<string, (string Flat, string Cum)> PprofTop(string path, string sampleIndex)
    {
        (int exitCode, string stdout, string stderr) = Consumers.GoPprof("-top", "-sample_index=" + sampleIndex, path);
        Assert.True(exitCode == 0, $"go tool pprof rejected {path}: {stderr}");
        return stdout.Split('\n').Select(line => TopLine().Match(line)).Where(m => m.Success)
            .ToDictionary(m => m.Groups["name"].Value, m => (m.Groups["flat"].Value, m.Groups["cum"].Value));
    }

    private static void AssertFlameGraphBehaviour(JsonElement page)
    {
        Assert.Empty(page.GetProperty("errors").EnumerateArray());
        string[] titles = [.. page.GetProperty("boxes").EnumerateArray().Select(b => b.GetProperty("title").GetString()!)];
        Assert.Contains("compute (/srv/app.py:20): 30 samples, 75.00%", titles);
        Assert.Contains("io_wait (/srv/app.py:30): 10 samples, 25.00%", titles);
        Assert.Contains("main (/srv/app.py:3): 40 samples, 100.00%", titles);
        Assert.Equal("compute (/srv/app.py:20): 30 samples, 75.00%", page.GetProperty("hoverDetails").GetString());

        // Zoomed into compute: it spans the width, its ancestors stay (faded), io_wait is hidden.
        Assert.True(page.GetProperty("unzoomVisible").GetBoolean());
        JsonElement[] zoomed = [.. page.GetProperty("zoomed").EnumerateArray()];
        Assert.Equal(1179.5, Box(zoomed, "compute").GetProperty("width").GetDouble());
        Assert.True(Box(zoomed, "io_wait").GetProperty("hidden").GetBoolean());
        Assert.False(Box(zoomed, "main").GetProperty("hidden").GetBoolean());
        Assert.Equal(0, page.GetProperty("hiddenAfterReset").GetInt32());

        Assert.Equal("pf-search", page.GetProperty("focusAfterCtrlF").GetString());
        Assert.Equal("Matched: 25.0% (10 of 40 samples)", page.GetProperty("matched").GetString());
        Assert.Equal(["io_wait"], page.GetProperty("matchedBoxes").EnumerateArray().Select(b => b.GetString()));
    }

    private static JsonElement Box(JsonElement[] boxes, string name) => boxes.First(b => b.GetProperty("name").GetString() == name);

    private static string[] Names(JsonElement page, string property) =>
        [.. page.GetProperty(property).EnumerateArray().Select(n => n.GetString()!)];

    private static XElement[] Boxes(string path) =>
        [.. XDocument.Load(path).Descendants(XName.Get("g", "http://www.w3.org/2000/svg")).Where(g => (string?)g.Attribute("class") == "f")];

    private static double Y(XElement[] boxes, string name) =>
        double.Parse(Rect(boxes, name).Attribute("y")!.Value, CultureInfo.InvariantCulture);

    private static string Fill(XElement[] boxes, string name) => Rect(boxes, name).Attribute("fill")!.Value;

    private static XElement Rect(XElement[] boxes, string name) =>
        boxes.First(b => (string?)b.Attribute("data-n") == name).Element(XName.Get("rect", "http://www.w3.org/2000/svg"))!;

    [GeneratedRegex(@"^\s*(?<flat>\S+)\s+\S+%\s+\S+%\s+(?<cum>\S+)\s+\S+%\s+(?<name>.+?)\s*$")]
    private static partial Regex TopLine();
}
