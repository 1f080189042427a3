using Pyflame.Core.Model;

namespace Pyflame.Core.Sampling;

/// <summary>What the sampling loop needs from the thing that reads stacks (a seam for scheduling tests).</summary>
public interface ISampleSource
{
    Sample Take(long timestampMicroseconds, bool allThreads);

    /// <summary>Called while waiting between samples (e.g. to pass on signals that arrived while the target was traced).</summary>
    void ServiceTarget();
}
