using Pyflame.Core.Aggregation;
using Pyflame.Core.Model;

namespace Pyflame.Output.Tests;

/// <summary>Small hand-made samples shared by the writer tests.</summary>
internal static class TestSamples
{
    public static readonly FrameInfo Module = new("/srv/app.py", "<module>", 10);
    public static readonly FrameInfo Main = new("/srv/app.py", "main", 3);
    public static readonly FrameInfo Work = new("/srv/app.py", "work", 7);
    public static readonly FrameInfo Wait = new("/usr/lib/python3.11/threading.py", "wait", 320);

    public static ThreadStack Thread(int tid, string? name, bool idle, params FrameInfo[] innermostFirst) =>
        new(0x1000UL + (ulong)tid, 0x7f0000000000UL + (ulong)tid, tid, name, HoldsGil: !idle, IsIdle: idle, innermostFirst);

    public static Sample Stacks(long ts, params ThreadStack[] threads) => new(ts, SampleOutcome.Stacks, threads);

    public static Profile Aggregate(StackAggregatorOptions options, params Sample[] samples)
    {
        var aggregator = new StackAggregator(options);
        foreach (Sample sample in samples)
        {
            aggregator.OnSample(sample);
        }

        aggregator.OnCompleted();
        return aggregator.ToProfile();
    }
}
