namespace Pyflame.Bench;

/// <summary>
/// Peak memory on the 8-thread workload at 1 kHz (Pyflame with --threads, like austin which always
/// samples every thread), at two run lengths; the growth between them is extrapolated linearly to a
/// 10-minute run (stated as an estimate in the table's title).
/// </summary>
public sealed class MemoryScenario(BenchOptions options, ProfilerRunner runner, ResultTable table)
{
    public void Run(IReadOnlyList<ProfilerTool> tools)
    {
        (double shortSeconds, double longSeconds) = options.MemorySeconds;
        using WorkloadProcess threads = WorkloadProcess.Start(options, tools[0].Python, "threads");
        foreach (ProfilerTool tool in tools)
        {
            ProfilerRun shortRun = runner.Sample(tool, threads.Pid, shortSeconds, 1000, threads: true);
            ProfilerRun longRun = runner.Sample(tool, threads.Pid, longSeconds, 1000, threads: true);
            double shortMb = shortRun.Usage.MaxRssKilobytes / 1024.0;
            double longMb = longRun.Usage.MaxRssKilobytes / 1024.0;
            double growthPerSecond = Math.Max(0, (longMb - shortMb) / (longRun.SampledSeconds - shortRun.SampledSeconds));
            table.Add("peak_rss_threads", $"peak memory, 9 threads 1 kHz, {longSeconds:0} s run", "MB", tool, longMb);
            table.Add("peak_rss_threads_growth", "peak memory growth, 9 threads 1 kHz", "MB/min", tool, growthPerSecond * 60);
            table.Add("peak_rss_threads_10min", "peak memory, 10 min (extrapolated)", "MB", tool, longMb + (growthPerSecond * (600 - longRun.SampledSeconds)));
            table.Add("threads_samples_1khz", "samples recorded / requested, 9 threads 1 kHz", "%", tool, longRun.RecordedPercent);
            // Like the other steady figures: the longer run's extra CPU per extra sample (start-up and warm-up cancel).
            double extraSamples = longRun.RecordedSamples - shortRun.RecordedSamples;
            table.Add("cpu_per_sample_threads", "profiler CPU per sample, 9 threads 1 kHz (steady)", "µs", tool,
                extraSamples > 0 ? 1e6 * (longRun.Usage.CpuSeconds - shortRun.Usage.CpuSeconds) / extraSamples : double.NaN);
        }
    }
}
