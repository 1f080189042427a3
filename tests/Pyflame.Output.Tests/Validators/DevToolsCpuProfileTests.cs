using System.Text.Json;
using Pyflame.Core.Model;
using Pyflame.Output.FlameChart;
using Pyflame.Output.Tests.FlameChart;
using Pyflame.TestSupport;
using static Pyflame.Output.Tests.TestSamples;

namespace Pyflame.Output.Tests.Validators;

/// <summary>
/// Feeds the converter's .cpuprofile to Chrome DevTools' own CPUProfileDataModel
/// (@paulirish/trace_engine, run by tools/validators/cpuprofile-check.mjs) and checks the per-function
/// times DevTools computes. DevTools gives every sample (endTime - startTime) / samples.
/// </summary>
public class DevToolsCpuProfileTests
{
    private const long Start = 1_700_000_000_000_000; // microseconds since the epoch
    private const long Tick = 10_000; // 10 ms

    private static JsonElement LoadInDevTools(FlameChartOptions options, IEnumerable<Sample> samples)
    {
        string text = FlameChartWriterTests.Write(options, [.. samples]);
        string path = Path.Combine(Path.GetTempPath(), $"pyflame-{Guid.NewGuid():N}.cpuprofile");
        try
        {
            using (FileStream file = File.Create(path))
            {
                FlameChartJsonConverter.Convert(new StringReader(text), file);
            }

            string stdout = Consumers.Node("cpuprofile-check.mjs", path);
            return JsonDocument.Parse(stdout).RootElement.Clone();
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static double Ms(JsonElement result, string table, string function) =>
        Math.Round(result.GetProperty(table).GetProperty(function).GetDouble(), 3);

    [Fact]
    public void GilMode_DevToolsReportsTheExpectedSelfAndTotalTimes()
    {
        var compute = new FrameInfo("/srv/app.py", "compute", 20);
        var ioWait = new FrameInfo("/srv/app.py", "io_wait", 30);
        IEnumerable<Sample> samples = Enumerable.Range(0, 10).Select(i => Stacks(
            Start + (i * Tick),
            Thread(1, "MainThread", false, i < 7 ? compute : ioWait, Main, Module)));

        JsonElement result = LoadInDevTools(new FlameChartOptions(), samples);

        Assert.Equal(10, result.GetProperty("samples").GetInt32());
        Assert.Equal(10, result.GetProperty("totalHitCount").GetInt32());
        Assert.Equal(Start / 1000.0, result.GetProperty("startMs").GetDouble());
        Assert.Equal((Start / 1000.0) + 100, result.GetProperty("endMs").GetDouble());
        Assert.Equal(70, Ms(result, "selfMs", "compute"));
        Assert.Equal(30, Ms(result, "selfMs", "io_wait"));
        Assert.Equal(0, Ms(result, "selfMs", "main"));
        Assert.Equal(100, Ms(result, "totalMs", "main"));
        Assert.Equal(100, Ms(result, "totalMs", "<module>"));
        Assert.Equal(70, Ms(result, "treeSelfMs", "compute"));
        Assert.Equal(30, Ms(result, "treeSelfMs", "io_wait"));
        Assert.Equal(100, Ms(result, "treeTotalMs", "<module>"));
    }

    /// <summary>
    /// A .cpuprofile has one timeline, so records sharing a timestamp (one per thread per tick) get
    /// real deltas of 0: DevTools' Call Tree (hitCount) splits the time right, but its flame chart
    /// draws only the last record of each tick. This pins that known limitation.
    /// </summary>
    [Fact]
    public void PerThread_TreeViewSplitsTimeByThread_TimelineShowsLastRecordPerTick()
    {
        IEnumerable<Sample> samples = Enumerable.Range(0, 4).Select(i => Stacks(
            Start + (i * Tick),
            Thread(11, "MainThread", false, Work, Module),
            Thread(22, "worker", true, Wait)));

        JsonElement result = LoadInDevTools(new FlameChartOptions(PerThread: true), samples);

        // 8 records over 40 ms of profile: the tree gives each record 5 ms.
        Assert.Equal(8, result.GetProperty("samples").GetInt32());
        Assert.Equal(20, Ms(result, "treeTotalMs", "(thread 11 MainThread)"));
        Assert.Equal(20, Ms(result, "treeSelfMs", "work"));
        Assert.Equal(20, Ms(result, "treeTotalMs", "(thread 22 worker)"));
        Assert.Equal(20, Ms(result, "treeTotalMs", "(idle)"));
        Assert.Equal(20, Ms(result, "treeSelfMs", "wait"));
        // Timeline: 3 full ticks plus DevTools' own average-interval guess for the last sample.
        Assert.InRange(Ms(result, "totalMs", "(thread 22 worker)"), 30.001, 40);
        Assert.Equal(0, Ms(result, "totalMs", "work")); // drawn with zero width
    }
}
