using Pyflame.Core.Targets;

namespace Pyflame.Core.Tests.Sampling;

/// <summary>
/// A pauser that records what it was asked to stop (null = the whole process) and runs an action on each
/// pause, standing in for a target whose GIL changes hands between the read and the stop.
/// </summary>
internal sealed class RecordingPauser(Action<int>? onPause = null) : IProcessPauser
{
    public List<int[]?> Pauses { get; } = [];

    /// <summary>Thread ids whose targeted pause fails (as if they were not the target's or had exited).</summary>
    public HashSet<int> Refused { get; } = [];

    public bool IsPaused { get; private set; }

    public int Resumes { get; private set; }

    public bool TryPause()
    {
        Pauses.Add(null);
        onPause?.Invoke(Pauses.Count);
        IsPaused = true;
        return true;
    }

    public bool TryPause(IReadOnlyCollection<int> threadIds)
    {
        Pauses.Add(threadIds.Order().ToArray());
        if (threadIds.Any(Refused.Contains))
        {
            IsPaused = false;
            return false;
        }

        onPause?.Invoke(Pauses.Count);
        IsPaused = true;
        return true;
    }

    public void Resume()
    {
        Resumes++;
        IsPaused = false;
    }

    public int ServicePendingStops() => 0;

    public void Dispose()
    {
    }
}
