using System.Text.Json;
using Pyflame.Core.Aggregation;
using Pyflame.Core.Model;
using Pyflame.Output.ChromeTrace;
using Pyflame.Output.Formats;
using static Pyflame.Output.Tests.TestSamples;

namespace Pyflame.Output.Tests.ChromeTrace;

/// <summary>--subprocesses in the Chrome trace: each process's threads are under that process's pid, named after it.</summary>
public class ChromeTraceProcessTests
{
    private static readonly SampleProcess Server = new(40, "python3 server.py");
    private static readonly SampleProcess Worker = new(50, "python3 server.py worker");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Each_process_is_a_process_of_the_trace(bool perThread)
    {
        var options = new StackAggregatorOptions(perThread, false, true) { Pid = 40, Command = "python3 server.py", Interval = TimeSpan.FromMilliseconds(10) };
        var aggregator = new StackAggregator(options);
        var recorder = new SampleRecorder(options);
        Sample[] samples =
        [
            Stacks(1_700_000_000_000_000, Thread(40, "MainThread", false, Main, Module) with { Process = Server }),
            Stacks(1_700_000_000_010_000, Thread(51, "MainThread", false, Work, Main, Module) with { Process = Worker }),
            new Sample(1_700_000_000_020_000, SampleOutcome.Idle, []) { Process = Worker },
        ];
        foreach (Sample sample in samples)
        {
            aggregator.OnSample(sample);
            recorder.OnSample(sample);
        }

        using var output = new MemoryStream();
        ChromeTraceWriter.Write(aggregator.ToProfile(), recorder.ToTimeline(), output, new ProfileWriteOptions());
        JsonElement[] events = [.. JsonDocument.Parse(output.ToArray()).RootElement.GetProperty("traceEvents").EnumerateArray()];

        int PidOfSlicesOn(int tid) =>
            events.Where(e => e.GetProperty("ph").GetString() == "B" && e.GetProperty("tid").GetInt32() == tid).Select(e => e.GetProperty("pid").GetInt32()).Distinct().Single();
        Assert.Equal(40, PidOfSlicesOn(40));
        Assert.Equal(50, PidOfSlicesOn(51));
        Assert.Contains(events, e => e.GetProperty("ph").GetString() == "M" && e.GetProperty("name").GetString() == "process_name"
            && e.GetProperty("pid").GetInt32() == 50 && e.GetProperty("args").GetProperty("name").GetString() == "(process 50 python3 server.py worker)");
        Assert.Contains(events, e => e.GetProperty("name").GetString() == "thread_name" && e.GetProperty("pid").GetInt32() == 50 && e.GetProperty("tid").GetInt32() == 51);
    }
}
