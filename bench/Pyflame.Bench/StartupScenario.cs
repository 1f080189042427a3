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
                foreach (ProfilerTool tool in tools)
                {
                    (double first, double startupCpu) = Once(tool, tree.Pid);
                    Collect(latency, tool, first);
                    table.Add("start_to_first_sample", "start → first sample", "ms", tool, first * 1000);
                    table.Add("startup_cpu", "start-up CPU (attach, 1 sample, exit)", "ms", tool, startupCpu * 1000);
                }
            }
        }

        foreach (ProfilerTool tool in tools)
        {
            FirstSampleLatency[tool.Key] = Median(latency[tool.Key]);
            if (tool.IsAustin)
            {
                runner.AustinStartLatency[tool.Python] = FirstSampleLatency[tool.Key];
            }
        }

        using WorkloadProcess threads = WorkloadProcess.Start(options, python, "threads");
        for (int rep = 0; rep < options.Repetitions + 2; rep++)
        {
            foreach (ProfilerTool tool in tools.Where(t => !t.IsAustin))
            {
                RunUsage dump = runner.PyflameOnce(tool, threads.Pid, dump: true);
                table.Add("dump_wall", "pyflame -d wall, 9 threads", "ms", tool, dump.WallSeconds * 1000);
            }
        }
    }

    private (double FirstSample, double Cpu) Once(ProfilerTool tool, int pid)
    {
        if (!tool.IsAustin)
        {
            RunUsage once = runner.PyflameOnce(tool, pid, dump: false);
            return (once.WallSeconds, once.CpuSeconds);
        }

        (RunUsage first, RunUsage idle) = runner.AustinOnce(pid);
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
