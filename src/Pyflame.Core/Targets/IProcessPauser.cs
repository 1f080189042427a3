namespace Pyflame.Core.Targets;

/// <summary>
/// Optional capability: stop the target's threads for the duration of one sample so that the stack
/// read is consistent (blocking mode). Implementations must be used from one thread only.
/// </summary>
public interface IProcessPauser : IDisposable
{
    /// <summary>Stops the target's threads; false when they could not all be stopped (e.g. the process exited).</summary>
    bool TryPause();

    /// <summary>Lets every stopped thread continue. Safe to call when nothing is paused.</summary>
    void Resume();

    /// <summary>
    /// Called while waiting between samples: passes on any signal that stopped a traced thread
    /// meanwhile, so the target never waits on the profiler for its signals. Returns how many were handled.
    /// </summary>
    int ServicePendingStops();
}
