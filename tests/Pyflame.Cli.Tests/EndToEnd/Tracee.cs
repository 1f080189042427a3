using System.Globalization;

namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>What the kernel says about a target's threads after pyflame is done with it: no tracer, none stopped.</summary>
internal static class Tracee
{
    /// <summary>The TIDs in /proc/PID/task (host TIDs, whatever namespace the process lives in).</summary>
    public static HashSet<int> ThreadIds(int pid) =>
        [.. Directory.GetDirectories($"/proc/{pid}/task").Select(d => int.Parse(Path.GetFileName(d), CultureInfo.InvariantCulture))];

    /// <summary>TracerPid of the process (0: not traced); -1 if it is gone.</summary>
    public static int TracerPid(int pid)
    {
        try
        {
            string line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("TracerPid:", StringComparison.Ordinal));
            return int.Parse(line["TracerPid:".Length..].Trim(), CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return -1;
        }
    }

    /// <summary>
    /// Whether a thread of <paramref name="tracer"/> traces <paramref name="pid"/>. TracerPid names the
    /// tracing THREAD (ptrace binds to the thread that seized), pyflame's sampling thread, not its pid.
    /// </summary>
    public static bool IsTracedBy(int pid, int tracer)
    {
        int tid = TracerPid(pid);
        return tid > 0 && Directory.Exists($"/proc/{tracer}/task/{tid}");
    }

    /// <summary>Every thread of <paramref name="pid"/> exists, is neither stopped nor traced (state T/t, TracerPid ≠ 0).</summary>
    public static void AssertReleased(int pid, string context)
    {
        string last = "";
        for (int attempt = 0; attempt < 40; attempt++)
        {
            last = Describe(pid, out bool released);
            if (released)
            {
                return;
            }

            Thread.Sleep(50);
        }

        Assert.Fail($"target {pid} was not released after {context}: {last}");
    }

    private static string Describe(int pid, out bool released)
    {
        released = true;
        var parts = new List<string>();
        foreach (string task in Directory.Exists($"/proc/{pid}/task") ? Directory.GetDirectories($"/proc/{pid}/task") : [])
        {
            int tid = int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture);
            ProcStat? stat = ProcStat.TryRead(tid);
            int tracer = TracerPid(tid);
            parts.Add($"tid {tid} state {stat?.State} tracer {tracer}");
            released &= stat is { IsStopped: false, IsGone: false } && tracer == 0;
        }

        released &= parts.Count > 0;
        return parts.Count == 0 ? "process is gone" : string.Join(", ", parts);
    }
}
