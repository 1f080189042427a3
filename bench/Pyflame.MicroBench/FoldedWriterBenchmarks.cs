using BenchmarkDotNet.Attributes;
using Pyflame.Core.Aggregation;
using Pyflame.Core.Model;
using Pyflame.Output.Folded;

namespace Pyflame.MicroBench;

/// <summary>The folded writer on a profile of 1000 distinct 20-frame stacks (a big real profile), to a null stream.</summary>
[MemoryDiagnoser]
public class FoldedWriterBenchmarks
{
    private Profile _profile = null!;

    [GlobalSetup]
    public void Setup()
    {
        StackAggregator aggregator = new(new StackAggregatorOptions(PerThread: false, ExcludeIdle: false, LineNumbers: true));
        foreach (Sample sample in SyntheticProfiles.Samples(distinct: 1000, depth: 20))
        {
            aggregator.OnSample(sample);
        }

        _profile = aggregator.ToProfile();
    }

    [Benchmark]
    public void WriteFolded() => FoldedWriter.Write(_profile, Stream.Null, new FoldedOptions());
}
