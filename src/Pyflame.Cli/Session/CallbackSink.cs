using Pyflame.Core.Model;
using Pyflame.Core.Sampling;

namespace Pyflame.Cli.Session;

/// <summary>A sink that hands each sample to a delegate (used by --dump, which keeps just one).</summary>
internal sealed class CallbackSink(Action<Sample> onSample) : ISampleSink
{
    public void OnSample(Sample sample) => onSample(sample);

    public void OnCompleted()
    {
    }
}
