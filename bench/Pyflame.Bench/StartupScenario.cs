namespace Pyflame.Bench;

/// <summary>
/// Time from starting the profiler to its first sample, its start-up CPU, and Pyflame's -d wall time.
/// Pyflame: the wall time of <c>-s 0</c> (start, attach, one sample, write, exit: an upper bound).
/// austin: when its first (line-buffered) sample reaches the pipe.
/// </summary>
public sealed class StartupScenario(BenchOptions options, ProfilerRunner runner, ResultTable table)
{
    /// <summary>Median seconds from start to first sample per tool, to know when sampling really began.</summary>
    public Dictionary<string, double> FirstSampleLatency { get; } = [];

    public void Run(IReadOnlyList<ProfilerTool> tools)
    {
        string python = tools[0].Python;
        Dictionary<string, List<double>> latency = [];
        using (WorkloadProcess tree = WorkloadProcess.Start(options, python, "tree"))
        {
            for (int rep = 0; rep < options.Repetitions + 2; rep++)
            {
                // profiling.sampling writes nothing until its whole (whole-second) run ends: no first-sample time to take.
                foreach (ProfilerTool tool in tools.Where(t => t.Kind != ToolKind.ProfilingSampling))
                {
                    (double first, double startupCpu) = Once(tool, tree.Pid);
                    Collect(latency, tool, first);
                    table.Add("start_to_first_sample", "start → first sample (Pyflame: -s 0 wall, an upper bound)", "ms", tool, first * 1000);
                    table.Add("startup_cpu", "start-up CPU (attach, 1 sample, exit)", "ms", tool, startupCpu * 1000);
                    if (tool.IsPyflame)
                    {
                        RunUsage launched = runner.PyflameOnce(tool, tree.Pid, dump: false, launcher: true);
                        table.Add("s0_wall_launcher", "./pyflame -s 0 wall (checkout launcher)", "ms", tool, launched.WallSeconds * 1000);
                    }
                }
            }
        }

        foreach (ProfilerTool tool in tools)
        {
            FirstSampleLatency[tool.Key] = latency.TryGetValue(tool.Key, out List<double>? values) ? Median(values) : 0.5;
            if (tool.IsAustin)
            {
                runner.AustinStartLatency[tool.Key] = FirstSampleLatency[tool.Key];
            }
        }

        if (!tools.Any(t => t.IsPyflame))
        {
            return;
        }

        using WorkloadProcess threads = WorkloadProcess.Start(options, python, "threads");
        for (int rep = 0; rep < options.Repetitions + 2; rep++)
        {
            foreach (ProfilerTool tool in tools.Where(t => t.IsPyflame))
            {
                RunUsage dump = runner.PyflameOnce(tool, threads.Pid, dump: true);
                table.Add("dump_wall", "pyflame -d wall, 9 threads", "ms", tool, dump.WallSeconds * 1000);
                RunUsage launched = runner.PyflameOnce(tool, threads.Pid, dump: true, launcher: true);
                table.Add("dump_wall_launcher", "./pyflame -d wall, 9 threads (checkout launcher)", "ms", tool, launched.WallSeconds * 1000);
            }
        }
    }

    private (double FirstSample, double Cpu) Once(ProfilerTool tool, int pid)
    {
        if (tool.IsPyflame)
        {
            RunUsage once = runner.PyflameOnce(tool, pid, dump: false);
            return (once.WallSeconds, once.CpuSeconds);
        }

        (RunUsage first, RunUsage idle) = runner.AustinOnce(tool, pid);
        return (first.FirstByteSeconds ?? double.NaN, idle.CpuSeconds);
    }

    private static void Collect(Dictionary<string, List<double>> into, ProfilerTool tool, double value)
    {
        if (!into.TryGetValue(tool.Key, out List<double>? list))
        {
            into[tool.Key] = list = [];
        }

        list.Add(value);
    }

    private static double Median(List<double> values)
    {
        double[] sorted = [.. values.Where(double.IsFinite).Order()];
        return sorted.Length == 0 ? 0 : sorted[sorted.Length / 2];
    }
}
