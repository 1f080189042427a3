namespace Pyflame.TestSupport;

/// <summary>
/// Waits, after a target printed its ready marker, until its threads reached the steady state the target declares
/// (<see cref="TargetLaunch.ThreadsSpinningAfterReady"/>, <see cref="TargetLaunch.ThreadsSleepAfterReady"/>). The
/// thread that printed may still be inside the print when the marker is read, and on a loaded machine it can stay
/// there, runnable, for tens of milliseconds: a test that samples at once would see the print, not the state it expects.
/// </summary>
internal static class AfterReady
{
    /// <summary>Clock ticks a spinning thread must be charged after the marker.</summary>
    private const int Ticks = 3;

    /// <summary>Null once settled (or when nothing is declared); otherwise what did not happen within the launch's ready timeout.</summary>
    public static string? Settle(int pid, TargetLaunch launch)
    {
        TimeSpan timeout = launch.ReadyTimeout;
        if (launch.ThreadsSpinningAfterReady is > 0 and int count && !PythonTargetProcess.Poll(Spinning(pid, count), timeout))
        {
            return $"fewer than {count} of its threads ran for {Ticks} clock ticks within {timeout.TotalSeconds} s";
        }

        if (launch.ThreadsSleepAfterReady && !PythonTargetProcess.Poll(() => AllAsleep(pid), timeout))
        {
            return $"its threads were not all asleep within {timeout.TotalSeconds} s";
        }

        return null;
    }

    /// <summary>
    /// True once <paramref name="count"/> threads were each charged <see cref="Ticks"/> more clock ticks of CPU. A tick
    /// is charged to the thread found running when it fires; the first may land in the microseconds between the print
    /// and the loop, but by the third the thread has run across two tick periods, and the way into the loop is microseconds.
    /// </summary>
    private static Func<bool> Spinning(int pid, int count)
    {
        Dictionary<int, long> start = ThreadStats(pid).ToDictionary(thread => thread.Key, thread => thread.Value.CpuTicks);
        return () => ThreadStats(pid).Count(now => now.Value.CpuTicks >= start.GetValueOrDefault(now.Key) + Ticks) >= count;
    }

    /// <summary>Every thread in interruptible sleep (S); false once the target is gone.</summary>
    private static bool AllAsleep(int pid)
    {
        Dictionary<int, ProcStat> threads = ThreadStats(pid);
        return threads.Count > 0 && threads.Values.All(thread => thread.State == 'S');
    }

    /// <summary>The stat of each of the target's threads now; empty once it is gone.</summary>
    private static Dictionary<int, ProcStat> ThreadStats(int pid)
    {
        Dictionary<int, ProcStat> stats = [];
        string[] tasks;
        try
        {
            tasks = Directory.GetDirectories($"/proc/{pid}/task");
        }
        catch (IOException)
        {
            return stats;
        }

        foreach (string task in tasks)
        {
            if (int.TryParse(Path.GetFileName(task), out int tid) && ProcStat.TryReadThread(pid, tid) is { } stat)
            {
                stats[tid] = stat;
            }
        }

        return stats;
    }
}
