namespace Pyflame.Bench;

/// <summary>
/// CPU per sample, samples recorded vs requested, attribution accuracy and peak memory on the 11-frame
/// tree and the 200-deep recursion. Tools take turns (A B C A B C ...) on the same target process.
/// </summary>
public sealed class SamplingScenario(BenchOptions options, ProfilerRunner runner, ResultTable table, WorkloadMarkers markers)
{
    public void Run(IReadOnlyList<ProfilerTool> tools)
    {
        string python = tools[0].Python;
        using (WorkloadProcess tree = WorkloadProcess.Start(options, python, "tree"))
        {
            foreach (ProfilerTool tool in tools)
            {
                table.Add("split_reference", "hot_a share, true (timed in the target)", "%", tool, 100 * tree.ReferenceSplit);
            }

            for (int rep = 0; rep < options.Repetitions; rep++)
            {
                foreach (ProfilerTool tool in tools)
                {
                    ProfilerRun run = runner.Sample(tool, tree.Pid, options.RunSeconds, 1000);
                    ProfilerRun longer = runner.Sample(tool, tree.Pid, options.RunSeconds + options.SteadyExtraSeconds, 1000);
                    AddCpu("tree", "11-frame", run, longer);
                    table.Add("samples_1khz", "samples recorded / requested, 1 kHz", "%", tool, run.RecordedPercent);
                    table.Add("split_measured", "hot_a share, measured (3:1 ⇒ ≈ true)", "%", tool, 100 * Accuracy.HotShare(run.Profile));
                    table.Add("tree_path_exact", "11-frame path + line exact", "% samples", tool, Accuracy.TreePathExactPercent(run.Profile, markers));
                    table.Add("tree_failed", "(failed) samples, tree 1 kHz", "%", tool, Percent(run.Profile.FailedCount, run.Profile.TotalCount));
                    table.Add("peak_rss_tree", "peak memory (VmHWM), tree 1 kHz", "MB", tool, run.Usage.MaxRssKilobytes / 1024.0);
                }
            }

            foreach (int rate in new[] { 100, 10_000 })
            {
                foreach (ProfilerTool tool in tools)
                {
                    ProfilerRun run = runner.Sample(tool, tree.Pid, options.RunSeconds, rate);
                    string label = rate == 100 ? "100 Hz" : "10 kHz";
                    table.Add($"samples_{rate}hz", $"samples recorded / requested, {label}", "%", tool, run.RecordedPercent);
                    if (rate == 10_000)
                    {
                        table.Add("samples_per_s_10khz", "samples per second when 10 kHz is asked", "1/s", tool, run.RecordedSamples / run.SampledSeconds);
                    }
                }
            }
        }

        using WorkloadProcess deep = WorkloadProcess.Start(options, python, "deep");
        for (int rep = 0; rep < options.Repetitions; rep++)
        {
            foreach (ProfilerTool tool in tools)
            {
                ProfilerRun run = runner.Sample(tool, deep.Pid, options.RunSeconds, 1000);
                ProfilerRun longer = runner.Sample(tool, deep.Pid, options.RunSeconds + options.SteadyExtraSeconds, 1000);
                AddCpu("deep", "200-deep", run, longer);
                table.Add("deep_samples_1khz", "samples recorded / requested, 200-deep 1 kHz", "%", tool, run.RecordedPercent);
                table.Add("deep_exact", "200-deep stack exact", "% samples", tool, Accuracy.DeepExactPercent(run.Profile, markers));
                table.Add("deep_failed", "(failed) samples, 200-deep", "%", tool, Percent(run.Profile.FailedCount, run.Profile.TotalCount));
            }
        }
    }

    /// <summary>
    /// Steady cost: what the extra seconds of a longer run cost per extra sample, so start-up and warm-up (attach,
    /// .NET's tiered JIT recompiling the hot path in the first second) cancel out for every tool alike. The total
    /// of the shorter run, start-up included, is shown too.
    /// </summary>
    private void AddCpu(string id, string label, ProfilerRun run, ProfilerRun longer)
    {
        double samples = run.RecordedSamples;
        double extraSamples = longer.RecordedSamples - samples;
        double steady = extraSamples > 0 ? 1e6 * (longer.Usage.CpuSeconds - run.Usage.CpuSeconds) / extraSamples : double.NaN;
        double total = samples > 0 ? 1e6 * run.Usage.CpuSeconds / samples : double.NaN;
        table.Add($"cpu_per_sample_{id}", $"profiler CPU per sample, {label} 1 kHz (steady)", "µs", run.Tool, steady);
        table.Add($"cpu_per_sample_{id}_total", $"profiler CPU per sample, {label} 1 kHz (incl. start-up)", "µs", run.Tool, total);
    }

    private static double Percent(long part, long whole) => whole == 0 ? double.NaN : 100.0 * part / whole;
}
