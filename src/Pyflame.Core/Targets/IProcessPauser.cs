namespace Pyflame.Core.Targets;

/// <summary>
/// Optional capability: stop the target's threads for the duration of one sample so that the stack
/// read is consistent (blocking mode): all of them, or only the ones a sample reads. Implementations
/// must be used from one thread only.
/// </summary>
public interface IProcessPauser : IDisposable
{
    /// <summary>Stops the target's threads; false when they could not all be stopped (e.g. the process exited).</summary>
    bool TryPause();

    /// <summary>
    /// Stops at least the threads named (OS thread ids, as in <c>ThreadRecord.NativeThreadId</c>), in addition
    /// to any already stopped, and leaves the others running. False when one of them could not be stopped
    /// (not a thread of the target, exited, timed out); then nothing stays paused. An implementation that can
    /// only stop the whole process may do that: stopping more than asked is always correct, only slower.
    /// </summary>
    bool TryPause(IReadOnlyCollection<int> threadIds) => TryPause();

    /// <summary>Lets every thread stopped by either TryPause continue. Safe to call when nothing is paused.</summary>
    void Resume();

    /// <summary>
    /// Called while waiting between samples: passes on any signal that stopped a traced thread
    /// meanwhile, so the target never waits on the profiler for its signals. Returns how many were handled.
    /// </summary>
    int ServicePendingStops();
}
