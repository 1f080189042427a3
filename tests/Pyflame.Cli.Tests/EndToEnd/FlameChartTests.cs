using System.Text;
using System.Text.Json;
using Pyflame.TestSupport;

namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>-T/--timestamp/--flamechart records, and utils/flame-chart-json's .cpuprofile loaded by Chrome DevTools' own model.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class FlameChartTests
{
    [Theory]
    [MemberData(nameof(PythonInstallations.Representative), MemberType = typeof(PythonInstallations))]
    public void Timestamped_records_have_exact_stacks_and_convert_to_a_cpuprofile_devtools_accepts(string interpreter)
    {
        using TargetProcess target = TargetProcess.Start(PythonInstallations.Get(interpreter), "busy.py");
        long before = NowMicroseconds();
        ChildProcessResult result = PyflameRunner.Run("-T", "-s", Durations.Short, "-p", target.PidText);
        long after = NowMicroseconds();
        Assert.True(result.ExitCode == 0, result.Describe());
        IReadOnlyList<FlameChartRecord> records = FlameChartOutput.Parse(result.StdoutText);
        AssertTimestamps(records, before, after, result);
        string busy = string.Join(';', ExpectedStacks.Busy(target.Script)) + ";";
        int exact = records.Count(r => r.Stack == busy);
        Assert.True(records.Count > 0 && exact >= ProfileAssert.DominantShare * records.Count(r => r.Stack != "(idle)"),
            $"{exact} of {records.Count} records are exactly '{busy}'\n{result.Describe()}");

        JsonElement devTools = LoadInDevTools(result.StdoutText);
        Assert.Equal(records.Count, devTools.GetProperty("samples").GetInt32());
        JsonElement total = devTools.GetProperty("treeTotalMs");
        foreach (string function in new[] { "<module>", "outer", "middle", "inner" })
        {
            Assert.True(total.TryGetProperty(function, out JsonElement ms) && ms.GetDouble() > 0, $"DevTools shows no time for '{function}': {devTools}");
        }

        Assert.True(devTools.GetProperty("treeSelfMs").GetProperty("inner").GetDouble() >= ProfileAssert.DominantShare * total.GetProperty("<module>").GetDouble(),
            $"DevTools does not put the time in inner: {devTools}");
        target.AssertAliveAndNotStopped();
    }

    [Theory]
    [MemberData(nameof(PythonInstallations.Representative), MemberType = typeof(PythonInstallations))]
    public void Idle_samples_are_their_own_records(string interpreter)
    {
        using TargetProcess target = TargetProcess.Start(PythonInstallations.Get(interpreter), "idle.py");
        ChildProcessResult result = PyflameRunner.Run("--timestamp", "-s", "0.3", "-p", target.PidText);
        Assert.True(result.ExitCode == 0, result.Describe());
        IReadOnlyList<FlameChartRecord> records = FlameChartOutput.Parse(result.StdoutText);
        Assert.True(records.Count > 0 && records.All(r => r.Stack == "(idle)"), $"every record of a sleeping target is '(idle)'\n{result.Describe()}");
        target.AssertAliveAndNotStopped();
    }

    /// <summary>With --threads every sample gives one record per thread, all with the sample's timestamp, each under its thread root.</summary>
    [Theory]
    [MemberData(nameof(PythonInstallations.Representative), MemberType = typeof(PythonInstallations))]
    public void Per_thread_records_share_the_samples_timestamp(string interpreter)
    {
        using TargetProcess target = TargetProcess.Start(PythonInstallations.Get(interpreter), "threads.py");
        var expected = new ThreadsTarget(target.Script);
        long before = NowMicroseconds();
        ChildProcessResult result = PyflameRunner.Run("--flamechart", "--threads", "-s", "0.3", "-p", target.PidText);
        long after = NowMicroseconds();
        Assert.True(result.ExitCode == 0, result.Describe());
        IReadOnlyList<FlameChartRecord> records = FlameChartOutput.Parse(result.StdoutText);
        AssertTimestamps(records, before, after, result);
        foreach (IGrouping<long, FlameChartRecord> tick in records.GroupBy(r => r.TimestampMicroseconds))
        {
            Assert.True(tick.Select(r => ThreadRoot.Parse(r.Frames[0]).Tid).Distinct().Count() == 3 && tick.Count() == 3,
                $"timestamp {tick.Key} does not have one record for each of the 3 threads\n{result.Describe()}");
            foreach (FlameChartRecord record in tick)
            {
                bool idle = record.Frames.Count > 1 && record.Frames[1] == "(idle)";
                Assert.True(expected.Identify([.. record.Frames.Skip(idle ? 2 : 1)]) is not null, $"not an exact threads.py stack: {record.Stack}\n{result.Describe()}");
            }
        }

        int sleeper = records.Count(r => r.Stack.EndsWith(expected.SleeperLeaf + ";", StringComparison.Ordinal));
        int sleeperIdle = records.Count(r => r.Stack.EndsWith(expected.SleeperLeaf + ";", StringComparison.Ordinal) && r.Frames[1] == "(idle)");
        Assert.True(sleeper > 0 && sleeperIdle >= ProfileAssert.DominantShare * sleeper, $"the sleeping thread is idle in {sleeperIdle} of {sleeper} records\n{result.Describe()}");
        target.AssertAliveAndNotStopped();
    }

    /// <summary>Timestamps: microseconds since the epoch, never decreasing, inside the wall-clock window of the run.</summary>
    private static void AssertTimestamps(IReadOnlyList<FlameChartRecord> records, long before, long after, ChildProcessResult result)
    {
        Assert.True(records.Count > 0, $"no records\n{result.Describe()}");
        for (int i = 0; i < records.Count; i++)
        {
            long t = records[i].TimestampMicroseconds;
            Assert.True(t >= before && t <= after, $"timestamp {t} is outside the run [{before}, {after}]\n{result.Describe()}");
            Assert.True(i == 0 || t >= records[i - 1].TimestampMicroseconds, $"timestamp {t} goes back in time\n{result.Describe()}");
        }
    }

    /// <summary>Runs utils/flame-chart-json (with the CLI under test) and DevTools' CPUProfileDataModel on its output.</summary>
    private static JsonElement LoadInDevTools(string flameChartText)
    {
        string converter = Path.Combine(RepoPaths.Root, "utils", "flame-chart-json");
        var environment = new Dictionary<string, string> { ["PYFLAME_CLI"] = PyflameRunner.ExecutablePath() };
        ChildProcessResult converted = ChildProcess.Run(converter, [], PyflameRunner.DefaultTimeout, flameChartText, environment);
        Assert.True(converted.ExitCode == 0 && converted.Stdout.Length > 0, converted.Describe());
        string path = Path.Combine(Path.GetTempPath(), $"pyflame-e2e-{Guid.NewGuid():N}.cpuprofile");
        try
        {
            File.WriteAllBytes(path, converted.Stdout);
            return JsonDocument.Parse(Consumers.Node("cpuprofile-check.mjs", path)).RootElement.Clone();
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static long NowMicroseconds() => (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks / 10;
}
