using BenchmarkDotNet.Attributes;
using Pyflame.Core.Aggregation;
using Pyflame.Core.Model;
using Pyflame.Output.Formats;

namespace Pyflame.MicroBench;

/// <summary>
/// Every --format writer on 1 million samples of 1000 distinct 20-frame stacks, to a null stream: the speed the
/// large-profile test in Pyflame.Output.Tests used to assert (now only its correctness and allocation stay there).
/// </summary>
[MemoryDiagnoser]
public class ProfileFileWriterBenchmarks
{
    private const int SampleCount = 1_000_000;

    private Profile _profile = null!;
    private SampleTimeline _timeline = null!;

    [ParamsAllValues]
    public OutputFormat Format { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        StackAggregatorOptions options = new(PerThread: false, ExcludeIdle: false, LineNumbers: true) { Pid = 1, Command = "bench", Interval = TimeSpan.FromMilliseconds(1) };
        StackAggregator aggregator = new(options);
        SampleRecorder recorder = new(options);
        Sample[] distinct = SyntheticProfiles.Samples(distinct: 1000, depth: 20);
        for (int i = 0; i < SampleCount; i++)
        {
            Sample sample = distinct[(int)((i * 7919L) % distinct.Length)] with { TimestampMicroseconds = 1_700_000_000_000_000 + (i * 1000L) };
            aggregator.OnSample(sample);
            recorder.OnSample(sample);
        }

        _profile = aggregator.ToProfile();
        _timeline = recorder.ToTimeline();
    }

    [Benchmark]
    public void Write() => ProfileFileWriter.Write(Format, _profile, _timeline, Stream.Null, new ProfileWriteOptions());
}
