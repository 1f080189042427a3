using BenchmarkDotNet.Attributes;
using Pyflame.Core.Aggregation;
using Pyflame.Core.Model;

namespace Pyflame.MicroBench;

/// <summary>
/// StackAggregator over 1e6 samples of 11 frames (an hour at ~280 Hz) and 1e5 samples of 200 frames,
/// cycling through 16 distinct stacks; reported per sample. Few iterations: one invocation takes seconds.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class AggregatorBenchmarks
{
    private Sample[] _shallow = [];
    private Sample[] _deep = [];

    [GlobalSetup]
    public void Setup()
    {
        _shallow = SyntheticProfiles.Samples(distinct: 16, depth: 11);
        _deep = SyntheticProfiles.Samples(distinct: 16, depth: 200);
    }

    [Benchmark(OperationsPerInvoke = 1_000_000)]
    public long Aggregate1MDepth11() => Aggregate(_shallow, 1_000_000);

    [Benchmark(OperationsPerInvoke = 100_000)]
    public long Aggregate100kDepth200() => Aggregate(_deep, 100_000);

    private static long Aggregate(Sample[] samples, int count)
    {
        StackAggregator aggregator = new(new StackAggregatorOptions(PerThread: false, ExcludeIdle: false, LineNumbers: true));
        for (int i = 0; i < count; i++)
        {
            aggregator.OnSample(samples[i % samples.Length]);
        }

        return aggregator.ToProfile().Metadata.SampleCount;
    }
}
