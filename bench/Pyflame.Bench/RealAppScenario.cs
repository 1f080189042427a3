using System.Globalization;
using System.Text;

namespace Pyflame.Bench;

/// <summary>
/// Issue 9's distances on real applications (tests/targets/real_code.py: CPython's test modules, Debian's pylint):
/// Pyflame's default mode against --blocking (the reference), next to --blocking against a second --blocking run
/// (sampling noise plus the workload's own drift). Runs go B B D B B D ... on one target, so every compared pair is
/// adjacent in time: a default run is never compared with a run further away than a blocking pair is.
/// </summary>
public sealed class RealAppScenario(BenchOptions options, ProfilerRunner runner, string scratch)
{
    private readonly List<string> _rows = [];
    private readonly List<string> _benchLines = [];

    public void Run(string python, string label, string workload)
    {
        string script = Path.Combine(options.RepoRoot, "tests", "targets", "real_code.py");
        ProfilerTool byDefault = new("pyflame-default", ToolKind.Pyflame, null, python, label);
        ProfilerTool blocking = new("pyflame-blocking", ToolKind.Pyflame, "--blocking", python, label);
        using WorkloadProcess target = WorkloadProcess.StartScript(options, python, script, Arguments(workload), TimeSpan.FromSeconds(180));
        List<ProfilerRun> runs = [];
        for (int rep = 0; rep < options.Repetitions; rep++)
        {
            runs.Add(runner.Sample(blocking, target.Pid, options.RealAppSeconds, 1000));
            runs.Add(runner.Sample(blocking, target.Pid, options.RealAppSeconds, 1000));
            runs.Add(runner.Sample(byDefault, target.Pid, options.RealAppSeconds, 1000));
        }

        List<double> defaultVsBlocking = [];
        List<double> blockingVsBlocking = [];
        for (int i = 1; i < runs.Count; i++)
        {
            bool leftDefault = runs[i - 1].Tool == byDefault, rightDefault = runs[i].Tool == byDefault;
            double distance = 100 * LeafShares.Distance(runs[i - 1].Profile, runs[i].Profile);
            (leftDefault || rightDefault ? defaultVsBlocking : blockingVsBlocking).Add(distance);
        }

        double failedDefault = FailedPercent(runs.Where(r => r.Tool == byDefault));
        double failedBlocking = FailedPercent(runs.Where(r => r.Tool == blocking));
        double samples = runs.Average(r => r.Profile.TotalCount);
        string name = $"{workload} on {label}";
        _rows.Add(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {Median(defaultVsBlocking):0.0} ({Range(defaultVsBlocking)}) | {Median(blockingVsBlocking):0.0} ({Range(blockingVsBlocking)}) | {failedDefault:0.00} | {failedBlocking:0.00} | {samples:0} |"));
        string key = $"{workload}@{label}";
        _benchLines.Add(string.Create(CultureInfo.InvariantCulture, $"BENCH metric=leaf_distance_default_vs_blocking tool=pyflame@{key} value={Median(defaultVsBlocking):0.###} unit=% n={defaultVsBlocking.Count}"));
        _benchLines.Add(string.Create(CultureInfo.InvariantCulture, $"BENCH metric=leaf_distance_blocking_vs_blocking tool=pyflame@{key} value={Median(blockingVsBlocking):0.###} unit=% n={blockingVsBlocking.Count}"));
        _benchLines.Add(string.Create(CultureInfo.InvariantCulture, $"BENCH metric=real_failed tool=pyflame-default@{key} value={failedDefault:0.###} unit=% n={options.Repetitions}"));
        _benchLines.Add(string.Create(CultureInfo.InvariantCulture, $"BENCH metric=real_failed tool=pyflame-blocking@{key} value={failedBlocking:0.###} unit=% n={2 * options.Repetitions}"));
    }

    public bool HasRows => _rows.Count > 0;

    public string ToMarkdown()
    {
        StringBuilder text = new();
        text.Append(CultureInfo.InvariantCulture, $"Real applications, 1 kHz, {options.RealAppSeconds:0} s per profile, runs B B D repeated {options.Repetitions}×; ");
        text.Append("leaf-function share distance (total variation, %: half the sum of |share differences|), median (min–max) of adjacent pairs:\n\n");
        text.Append("| workload | default vs --blocking | --blocking vs --blocking (noise) | (failed) default % | (failed) --blocking % | samples per profile |\n");
        text.Append("|---|---:|---:|---:|---:|---:|\n");
        foreach (string row in _rows)
        {
            text.Append(row).Append('\n');
        }

        return text.ToString();
    }

    public IEnumerable<string> ToBenchLines() => _benchLines;

    private string[] Arguments(string workload)
    {
        if (workload != "pylint")
        {
            return [workload];
        }

        // Like the suite's RealApplications: pylint checks three real modules of Debian's mercurial package.
        string input = Directory.CreateDirectory(Path.Combine(scratch, "pylint-input")).FullName;
        foreach (string name in new[] { "util.py", "context.py", "commands.py" })
        {
            File.Copy(Path.Combine("/usr/lib/python3/dist-packages/mercurial", name), Path.Combine(input, name), overwrite: true);
        }

        return ["pylint", input];
    }

    private static double FailedPercent(IEnumerable<ProfilerRun> runs)
    {
        long failed = runs.Sum(r => r.Profile.FailedCount), total = runs.Sum(r => r.Profile.TotalCount);
        return total == 0 ? double.NaN : 100.0 * failed / total;
    }

    private static double Median(List<double> values)
    {
        double[] sorted = [.. values.Order()];
        return sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Range(List<double> values) =>
        values.Count == 0 ? "–" : string.Create(CultureInfo.InvariantCulture, $"{values.Min():0.0}–{values.Max():0.0}");
}
