using Pyflame.Core.Model;

namespace Pyflame.Core.Sampling;

/// <summary>
/// Receives samples as the sampler takes them. Aggregators, streaming writers and live views all
/// implement this, so sampling never knows which output format is in use.
/// </summary>
public interface ISampleSink
{
    void OnSample(Sample sample);

    /// <summary>Called once when sampling ends (normally, by signal, or because the target exited).</summary>
    void OnCompleted();
}
