using Pyflame.Core.Model;
using Pyflame.Core.Sampling;

namespace Pyflame.Cli.Progress;

/// <summary>Counts samples and failed samples on their way to the real sink, for the progress line (read from another thread).</summary>
internal sealed class CountingSink(ISampleSink inner) : ISampleSink
{
    private long _samples;
    private long _failed;

    public long Samples => Interlocked.Read(ref _samples);

    public long Failed => Interlocked.Read(ref _failed);

    public void OnSample(Sample sample)
    {
        inner.OnSample(sample);
        Interlocked.Increment(ref _samples);
        if (sample.Outcome == SampleOutcome.Failed)
        {
            Interlocked.Increment(ref _failed);
        }
    }

    public void OnCompleted() => inner.OnCompleted();
}
