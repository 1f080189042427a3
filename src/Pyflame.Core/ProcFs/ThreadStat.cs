namespace Pyflame.Core.ProcFs;

/// <summary>
/// The parts of <c>/proc/PID/task/TID/stat</c> the profiler uses: the scheduler state letter
/// (R running, S sleeping, D disk, T stopped, t tracing stop, Z zombie, ...) and CPU time in clock ticks.
/// </summary>
public sealed record ThreadStat(char State, ulong UserTicks, ulong SystemTicks)
{
    public ulong CpuTicks => UserTicks + SystemTicks;

    public bool IsRunning => State == 'R';
}
