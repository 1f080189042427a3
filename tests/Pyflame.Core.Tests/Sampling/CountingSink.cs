using Pyflame.Core.Model;
using Pyflame.Core.Sampling;

namespace Pyflame.Core.Tests.Sampling;

internal sealed class CountingSink : ISampleSink
{
    public List<Sample> Samples { get; } = [];

    public int Completed { get; private set; }

    public void OnSample(Sample sample) => Samples.Add(sample);

    public void OnCompleted() => Completed++;
}
