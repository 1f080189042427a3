using Pyflame.Core.Model;
using Pyflame.Core.Sampling;

namespace Pyflame.Cli.Session;

/// <summary>Hands each sample to two sinks (the aggregator and the time-ordered recorder; the live view and the output file).</summary>
internal sealed class TeeSink(ISampleSink first, ISampleSink second) : ISampleSink
{
    public void OnSample(Sample sample)
    {
        first.OnSample(sample);
        second.OnSample(sample);
    }

    public void OnCompleted()
    {
        first.OnCompleted();
        second.OnCompleted();
    }
}
