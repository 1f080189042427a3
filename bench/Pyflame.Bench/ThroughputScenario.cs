namespace Pyflame.Bench;

/// <summary>
/// Target throughput profiled vs unprofiled, inside ONE workload process that reports its iterations
/// per 0.1 s window: each profiled period is compared with the unprofiled windows right before and
/// after it, so machine-wide drift cancels. The first <see cref="WarmUpSeconds"/> of every profiler's run
/// (attach, .NET's JIT compiling the hot path on the other core) and its shutdown are left out of both sides,
/// for every tool alike: the figure is what a long-running profile costs the target.
/// </summary>
public sealed class ThroughputScenario(BenchOptions options, ProfilerRunner runner, ResultTable table)
{
    private const double WindowSeconds = 0.1;
    private const double GapSeconds = 1.2;
    private const double WarmUpSeconds = 1.0;

    private static double Monotonic() => System.Diagnostics.Stopwatch.GetTimestamp() / (double)System.Diagnostics.Stopwatch.Frequency;

    public void Run(IReadOnlyList<ProfilerTool> tools, IReadOnlyDictionary<string, double> firstSampleLatency)
    {
        using WorkloadProcess workload = WorkloadProcess.Start(options, tools[0].Python, "tree", WindowSeconds);
        // A null tool is a period with no profiler, measured exactly like the others: its "change" is the method's own noise.
        List<(ProfilerTool? Tool, int Rate, double From, double To, double BusyFrom, double BusyTo)> periods = [];
        foreach (int rate in new[] { 100, 1000 })
        {
            for (int cycle = 0; cycle < options.ThroughputCycles; cycle++)
            {
                Thread.Sleep(TimeSpan.FromSeconds(GapSeconds));
                double noiseStart = Monotonic();
                Thread.Sleep(TimeSpan.FromSeconds(options.ThroughputProfileSeconds));
                double noiseEnd = Monotonic();
                periods.Add((null, rate, noiseStart + WarmUpSeconds, noiseEnd - 0.1, noiseStart - 0.05, noiseEnd + 0.05));
                foreach (ProfilerTool tool in tools)
                {
                    Thread.Sleep(TimeSpan.FromSeconds(GapSeconds));
                    ProfilerRun run = runner.Sample(tool, workload.Pid, options.ThroughputProfileSeconds, rate);
                    RunUsage usage = run.Usage;
                    double sampleFrom = usage.StartMonotonic + firstSampleLatency[tool.Key] + WarmUpSeconds;
                    double sampleTo = tool.IsAustin ? usage.StartMonotonic + (usage.StoppedAtSeconds ?? usage.WallSeconds) : usage.EndMonotonic - 0.1;
                    periods.Add((tool, rate, sampleFrom, sampleTo, usage.StartMonotonic - 0.05, usage.EndMonotonic + 0.05));
                }
            }
        }

        Thread.Sleep(TimeSpan.FromSeconds(GapSeconds));
        IReadOnlyList<ThroughputWindow> windows = workload.Windows;
        bool IsQuiet(ThroughputWindow w) => !periods.Any(p => p.Tool is not null && w.End > p.BusyFrom && w.Start < p.BusyTo);
        foreach (var period in periods)
        {
            double[] profiled = [.. windows.Where(w => w.Start >= period.From && w.End <= period.To).Select(w => w.Rate)];
            double[] quiet = [.. windows.Where(w => IsQuiet(w) && !(w.End > period.BusyFrom && w.Start < period.BusyTo)
                && w.End > period.BusyFrom - GapSeconds && w.Start < period.BusyTo + GapSeconds).Select(w => w.Rate)];
            if (profiled.Length == 0 || quiet.Length == 0)
            {
                continue;
            }

            string label = period.Rate == 100 ? "100 Hz" : "1 kHz";
            double change = 100 * ((profiled.Average() / quiet.Average()) - 1);
            if (period.Tool is null)
            {
                foreach (ProfilerTool tool in tools)
                {
                    table.Add($"throughput_noise_{period.Rate}hz", $"same, no profiler attached (the method's noise), {label} cycle", "%", tool, change);
                    table.Add($"throughput_noise_abs_{period.Rate}hz", $"same, no profiler: |change| (noise size), {label} cycle", "%", tool, Math.Abs(change));
                }
            }
            else
            {
                table.Add($"throughput_{period.Rate}hz", $"target throughput change, {label}", "%", period.Tool, change);
            }
        }
    }
}
