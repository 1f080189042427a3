using Pyflame.Core.Model;
using Pyflame.Core.Sampling;

namespace Pyflame.Cli.Session.Family;

/// <summary>
/// Where every process's sampler delivers (<c>--subprocesses</c>): one sample at a time, so the sinks behind it
/// (aggregator, recorder, writers, live view), which expect one sampler, never see two at once.
/// </summary>
internal sealed class SerialSink(ISampleSink inner) : ISampleSink
{
    private readonly Lock _gate = new();

    public void OnSample(Sample sample)
    {
        lock (_gate)
        {
            inner.OnSample(sample);
        }
    }

    public void OnCompleted()
    {
        lock (_gate)
        {
            inner.OnCompleted();
        }
    }
}
