namespace Pyflame.Bench;

/// <summary>
/// CPU per sample at 100 Hz, 1 kHz, 10 kHz and at the most each tool takes; samples recorded; attribution accuracy at
/// 1 kHz and at the most; on the 11-frame tree and the 200-deep recursion. Tools take turns (A B C A B C ...) on the
/// same target process.
/// </summary>
public sealed class SamplingScenario(BenchOptions options, ProfilerRunner runner, ResultTable table, WorkloadMarkers markers)
{
    private static readonly int[] Rates = [100, 1000, 10_000, ProfilerRunner.MostHz];

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
                foreach (int rate in Rates)
                {
                    foreach (ProfilerTool tool in tools)
                    {
                        ProfilerRun run = runner.Sample(tool, tree.Pid, options.RunSeconds, rate);
                        ProfilerRun longer = runner.Sample(tool, tree.Pid, options.RunSeconds + options.SteadyExtraSeconds, rate);
                        AddCpu("tree", "11-frame", rate, run, longer);
                        string label = Label(rate);
                        if (rate != ProfilerRunner.MostHz)
                        {
                            table.Add($"samples_{rate}hz", $"samples recorded / requested, {label}", "%", tool, run.RecordedPercent);
                        }

                        if (rate is 10_000 or ProfilerRunner.MostHz)
                        {
                            table.Add($"samples_per_s_{Id(rate)}", $"samples per second, {label} asked", "1/s", tool, longer.RecordedSamples / longer.SampledSeconds);
                        }

                        if (rate is 1000 or ProfilerRunner.MostHz)
                        {
                            table.Add($"tree_path_exact_{Id(rate)}", $"11-frame path + hot line exact, {label}", "% samples", tool, Accuracy.TreePathExactPercent(longer.Profile, markers));
                            table.Add($"tree_failed_{Id(rate)}", $"(failed) samples, tree {label}", "%", tool, Percent(longer.Profile.FailedCount, longer.Profile.TotalCount));
                        }

                        if (rate == 1000)
                        {
                            table.Add("split_measured", "hot_a share, measured (3:1 ⇒ ≈ true)", "%", tool, 100 * Accuracy.HotShare(longer.Profile));
                            table.Add("peak_rss_tree", "peak memory (VmHWM), tree 1 kHz", "MB", tool, longer.Usage.MaxRssKilobytes / 1024.0);
                        }
                    }
                }
            }
        }

        using WorkloadProcess deep = WorkloadProcess.Start(options, python, "deep");
        for (int rep = 0; rep < options.Repetitions; rep++)
        {
            foreach (int rate in new[] { 1000, ProfilerRunner.MostHz })
            {
                foreach (ProfilerTool tool in tools)
                {
                    ProfilerRun run = runner.Sample(tool, deep.Pid, options.RunSeconds, rate);
                    ProfilerRun longer = runner.Sample(tool, deep.Pid, options.RunSeconds + options.SteadyExtraSeconds, rate);
                    AddCpu("deep", "200-deep", rate, run, longer);
                    string label = Label(rate);
                    if (rate == ProfilerRunner.MostHz)
                    {
                        table.Add("deep_samples_per_s_most", "samples per second, 200-deep, the most asked", "1/s", tool, longer.RecordedSamples / longer.SampledSeconds);
                    }

                    table.Add($"deep_exact_{Id(rate)}", $"200-deep stack exact, {label}", "% samples", tool, Accuracy.DeepExactPercent(longer.Profile, markers));
                    table.Add($"deep_failed_{Id(rate)}", $"(failed) samples, 200-deep {label}", "%", tool, Percent(longer.Profile.FailedCount, longer.Profile.TotalCount));
                }
            }
        }
    }

    private static string Label(int rate) => rate switch
    {
        ProfilerRunner.MostHz => "the most",
        100 => "100 Hz",
        1000 => "1 kHz",
        _ => $"{rate / 1000} kHz",
    };

    private static string Id(int rate) => rate == ProfilerRunner.MostHz ? "most" : $"{rate}hz";

    /// <summary>
    /// Steady cost: what the extra seconds of a longer run cost per extra sample, so start-up and warm-up (attach,
    /// .NET's tiered JIT recompiling the hot path in the first second) cancel out for every tool alike. The total
    /// of the longer run, start-up included, is shown too.
    /// </summary>
    private void AddCpu(string id, string label, int rate, ProfilerRun run, ProfilerRun longer)
    {
        double extraSamples = longer.RecordedSamples - run.RecordedSamples;
        double steady = extraSamples > 0 ? 1e6 * (longer.Usage.CpuSeconds - run.Usage.CpuSeconds) / extraSamples : double.NaN;
        double total = longer.RecordedSamples > 0 ? 1e6 * longer.Usage.CpuSeconds / longer.RecordedSamples : double.NaN;
        table.Add($"cpu_per_sample_{id}_{Id(rate)}", $"profiler CPU per sample, {label} {Label(rate)} (steady)", "µs", run.Tool, steady);
        table.Add($"cpu_per_sample_{id}_{Id(rate)}_total", $"profiler CPU per sample, {label} {Label(rate)} (incl. start-up)", "µs", run.Tool, total);
    }

    private static double Percent(long part, long whole) => whole == 0 ? double.NaN : 100.0 * part / whole;
}
