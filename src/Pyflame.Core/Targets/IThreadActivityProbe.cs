namespace Pyflame.Core.Targets;

/// <summary>
/// Optional capability of a target: asks the OS which threads are on a CPU (or runnable). Used to
/// tell idle threads (sleeping, blocked on a lock or I/O) from running ones in --threads mode.
/// <see cref="Capture"/> must run before the target is paused, since a stopped thread is never running.
/// </summary>
public interface IThreadActivityProbe
{
    /// <summary>Records the current scheduler state of every thread of the target.</summary>
    void Capture();

    /// <summary>What <see cref="Capture"/> saw for this thread; false when the thread was not seen.</summary>
    bool TryIsRunning(int nativeThreadId, out bool running);
}
