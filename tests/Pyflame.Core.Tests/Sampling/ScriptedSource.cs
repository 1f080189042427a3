using Pyflame.Core.Model;
using Pyflame.Core.Sampling;

namespace Pyflame.Core.Tests.Sampling;

/// <summary>A sample source whose samples cost a scripted amount of (fake) time.</summary>
internal sealed class ScriptedSource(ManualTime time, Func<int, TimeSpan> costOfSample) : ISampleSource
{
    public List<long> Timestamps { get; } = [];

    public Func<int, SampleOutcome> Outcome { get; init; } = _ => SampleOutcome.Idle;

    public int ServiceCalls { get; private set; }

    public Sample Take(long timestampMicroseconds, bool allThreads)
    {
        int index = Timestamps.Count;
        Timestamps.Add(timestampMicroseconds);
        time.Advance(costOfSample(index));
        return new Sample(timestampMicroseconds, Outcome(index), []);
    }

    public void ServiceTarget() => ServiceCalls++;
}
