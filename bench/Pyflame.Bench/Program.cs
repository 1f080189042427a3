using System.Diagnostics;
using System.Globalization;
using System.Text;
using Pyflame.Bench;

// pyflame-bench [--quick] [--python PATH] [--austin-python PATH|none] [--pyflame PATH] [--austin PATH] [--repo DIR] [--out FILE]
// Normally started by bench/run, which builds pyflame and installs austin first.
Dictionary<string, string> named = [];
bool quick = false;
for (int i = 0; i < args.Length; i++)
{
    if (args[i] == "--quick")
    {
        quick = true;
    }
    else if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length)
    {
        named[args[i][2..]] = args[++i];
    }
    else
    {
        Console.Error.WriteLine($"pyflame-bench: unknown argument '{args[i]}' (see bench/README.md)");
        return 2;
    }
}

string repo = Path.GetFullPath(named.GetValueOrDefault("repo", Directory.GetCurrentDirectory()));
string austinPython = named.GetValueOrDefault("austin-python", "/root/.pyenv/versions/3.9.18/bin/python");
BenchOptions options = new()
{
    RepoRoot = repo,
    Python = named.GetValueOrDefault("python", "/root/.pyenv/versions/3.12.1/bin/python"),
    AustinPython = austinPython == "none" ? "" : austinPython,
    PyflamePath = named.GetValueOrDefault("pyflame", Path.Combine(repo, ".build", "pyflame", "pyflame")),
    AustinPath = named.GetValueOrDefault("austin", "/usr/bin/austin"),
    Quick = quick,
};

List<List<ProfilerTool>> groups = [PyflameTools(options.Python)];
if (options.AustinPython.Length > 0)
{
    List<ProfilerTool> compared = options.AustinPython == options.Python ? groups[0] : PyflameTools(options.AustinPython);
    compared.Add(new ProfilerTool("austin", IsAustin: true, NonBlocking: false, options.AustinPython, compared[0].PythonLabel));
    if (compared != groups[0])
    {
        groups.Add(compared);
    }
}

ProfilerTool[] allTools = [.. groups.SelectMany(g => g)];
string scratch = Directory.CreateTempSubdirectory("pyflame-bench-").FullName;
ResultTable table = new(allTools);
ProfilerRunner runner = new(options, scratch);
WorkloadMarkers markers = new(options.WorkloadScript);
Stopwatch clock = Stopwatch.StartNew();
const int FloorWakeups = 3000;
double timerFloorMicroseconds = double.NaN;
try
{
    timerFloorMicroseconds = 1e6 * runner.TimerFloorCpuSeconds(FloorWakeups) / FloorWakeups;
    foreach (List<ProfilerTool> tools in groups)
    {
        Console.Error.WriteLine($"bench: {string.Join(", ", tools.Select(t => t.Column))}: start-up ({clock.Elapsed.TotalSeconds:0} s)");
        StartupScenario startup = new(options, runner, table);
        startup.Run(tools);
        Console.Error.WriteLine($"bench: sampling runs ({clock.Elapsed.TotalSeconds:0} s)");
        new SamplingScenario(options, runner, table, markers).Run(tools);
        Console.Error.WriteLine($"bench: memory runs ({clock.Elapsed.TotalSeconds:0} s)");
        new MemoryScenario(options, runner, table).Run(tools);
        Console.Error.WriteLine($"bench: throughput runs ({clock.Elapsed.TotalSeconds:0} s)");
        new ThroughputScenario(options, runner, table).Run(tools, startup.FirstSampleLatency);
    }
}
finally
{
    Directory.Delete(scratch, recursive: true);
}

StringBuilder report = new();
report.Append(CultureInfo.InvariantCulture, $"Pyflame benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, ");
report.Append(CultureInfo.InvariantCulture, $"{(quick ? "--quick" : "full")} run in {clock.Elapsed.TotalSeconds:0} s, load average before/after: {LoadAverage()}\n\n");
report.Append(CultureInfo.InvariantCulture,
    $"The floor: on this machine a bare thread that wakes every 1 ms and does nothing costs {timerFloorMicroseconds:0.0} µs of CPU per wake-up; every sampler pays that per sample before any work.\n\n");
report.Append(table.ToMarkdown()).Append('\n');
report.Append(CultureInfo.InvariantCulture, $"BENCH metric=timer_floor tool=none value={timerFloorMicroseconds:0.####} unit=µs n=1\n");
foreach (string line in table.ToBenchLines())
{
    report.Append(line).Append('\n');
}

Console.Write(report.ToString());
if (named.TryGetValue("out", out string? outPath))
{
    File.WriteAllText(outPath, report.ToString());
}

return 0;

List<ProfilerTool> PyflameTools(string python)
{
    string label = PythonLabel(python);
    return
    [
        new ProfilerTool("pyflame-blocking", IsAustin: false, NonBlocking: false, python, label),
        new ProfilerTool("pyflame-nb", IsAustin: false, NonBlocking: true, python, label),
    ];
}

static string PythonLabel(string python)
{
    ProcessStartInfo info = new(python, ["-c", "import sys; print('%d.%d' % sys.version_info[:2])"]) { RedirectStandardOutput = true };
    using Process process = Process.Start(info) ?? throw new InvalidOperationException("cannot run " + python);
    string label = process.StandardOutput.ReadToEnd().Trim();
    process.WaitForExit();
    return label.Length > 0 ? label : Path.GetFileName(python);
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
