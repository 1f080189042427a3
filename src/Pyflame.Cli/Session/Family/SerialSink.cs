using Pyflame.Core.Model;
using Pyflame.Core.Sampling;

namespace Pyflame.Cli.Session.Family;

/// <summary>
/// Where every process's sampler delivers (<c>--subprocesses</c>): one sample at a time, so the sinks behind it
/// (aggregator, recorder, writers, live view), which expect one sampler, never see two at once.
/// </summary>
/// <paramref name="firstSample"/> runs once, before the first sample is passed on.
internal sealed class SerialSink(ISampleSink inner, Action firstSample) : ISampleSink
{
    private readonly Lock _gate = new();
    private bool _started;

    public void OnSample(Sample sample)
    {
        lock (_gate)
        {
            if (!_started)
            {
                _started = true;
                firstSample();
            }

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
