using System.Diagnostics;
using System.Globalization;
using System.Text;
using Pyflame.Bench;

// pyflame-bench [--quick] [--python PATH|none] [--austin-python PATH|none] [--sid-root DIR|none] [--memory-seconds S]
//               [--throughput-seconds S] [--real-apps none] [--pyflame PATH] [--austin PATH] [--repo DIR] [--out FILE]
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
string sidRoot = named.GetValueOrDefault("sid-root", "none");
string pyenv = "/root/.pyenv/versions";
(string, string)[] realAppWorkloads = named.GetValueOrDefault("real-apps", "") == "none" ? [] :
[
    .. new[] { "3.11.7", "3.12.1", "3.13.0" }.Select(v => $"{pyenv}/{v}/bin/python").Where(File.Exists).Select(p => (p, "stdlib")),
    .. File.Exists("/usr/bin/pylint") ? new[] { ("/usr/bin/python3.11", "pylint") } : [],
];
BenchOptions options = new()
{
    RepoRoot = repo,
    Python = named.GetValueOrDefault("python", $"{pyenv}/3.12.1/bin/python"),
    AustinPython = austinPython == "none" ? "" : austinPython,
    PyflamePath = named.GetValueOrDefault("pyflame", Path.Combine(repo, ".build", "pyflame", "pyflame")),
    AustinPath = named.GetValueOrDefault("austin", "/usr/bin/austin"),
    Quick = quick,
    SidRoot = sidRoot == "none" ? "" : sidRoot,
    MemoryLongSeconds = named.TryGetValue("memory-seconds", out string? memory) ? double.Parse(memory, CultureInfo.InvariantCulture) : null,
    ThroughputSeconds = named.TryGetValue("throughput-seconds", out string? window) ? double.Parse(window, CultureInfo.InvariantCulture) : null,
    RealApps = realAppWorkloads,
};

// Each group is one interpreter and the tools that read it, interleaved on the same target processes.
List<List<ProfilerTool>> groups = [];
List<string> notes = [];
if (options.Python != "none")
{
    string mainLabel = PythonLabel(options.Python);
    List<ProfilerTool> main =
    [
        new("pyflame-default", ToolKind.Pyflame, null, options.Python, mainLabel),
        new("pyflame-blocking", ToolKind.Pyflame, "--blocking", options.Python, mainLabel),
    ];
    if (options.SidRoot.Length > 0)
    {
        main.Add(new ProfilerTool("austin-3.7", ToolKind.Austin3, null, options.Python, mainLabel));
    }

    groups.Add(main);
}

if (options.SidRoot.Length > 0)
{
    string sidPython = WorkloadProcess.SidPrefix + "/usr/bin/python3.15";
    List<ProfilerTool> sid = [new("profiling.sampling", ToolKind.ProfilingSampling, null, sidPython, "3.15-debian")];
    if (PyflameReads(options, sidPython))
    {
        sid.Insert(0, new ProfilerTool("pyflame-default", ToolKind.Pyflame, null, sidPython, "3.15-debian"));
    }
    else
    {
        notes.Add("Pyflame cannot read CPython 3.15 in this build (\"Python 3.15 is not supported\"): the 3.15 column is profiling.sampling alone.");
    }

    groups.Add(sid);
}

if (options.AustinPython.Length > 0)
{
    string label = PythonLabel(options.AustinPython);
    groups.Add(
    [
        new ProfilerTool("pyflame-default", ToolKind.Pyflame, null, options.AustinPython, label),
        new ProfilerTool("austin-1.0.1", ToolKind.Austin1, null, options.AustinPython, label),
    ]);
}

ProfilerTool[] allTools = [.. groups.SelectMany(g => g)];
string scratch = Directory.CreateTempSubdirectory("pyflame-bench-").FullName;
ResultTable table = new(allTools);
ProfilerRunner runner = new(options, scratch);
RealAppScenario realApps = new(options, runner, scratch);
string loadBefore = LoadAverage();
WorkloadMarkers markers = new(options.WorkloadScript);
Stopwatch clock = Stopwatch.StartNew();
const int FloorWakeups = 3000;
double timerFloorMicroseconds = double.NaN;
try
{
    timerFloorMicroseconds = 1e6 * runner.TimerFloorCpuSeconds(FloorWakeups) / FloorWakeups;
    foreach (List<ProfilerTool> tools in groups)
    {
        try
        {
            RunGroup(tools);
        }
        catch (Exception error) when (error is InvalidOperationException or IOException)
        {
            // One group's failure (a target that never got ready on a loaded machine) must not lose the others' results.
            notes.Add($"the {tools[0].PythonLabel} group stopped early: {error.Message}");
            Console.Error.WriteLine($"bench: {notes[^1]}");
        }
    }

    foreach ((string python, string workload) in options.RealApps)
    {
        Console.Error.WriteLine($"bench: real application {workload} on {python} ({clock.Elapsed.TotalSeconds:0} s)");
        try
        {
            realApps.Run(python, PythonLabel(python), workload);
        }
        catch (Exception error) when (error is InvalidOperationException or IOException)
        {
            notes.Add($"real application {workload} on {python} not measured: {error.Message}");
            Console.Error.WriteLine($"bench: {notes[^1]}");
        }
    }
}
finally
{
    Directory.Delete(scratch, recursive: true);
}

void RunGroup(List<ProfilerTool> tools)
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

StringBuilder report = new();
report.Append(CultureInfo.InvariantCulture, $"Pyflame benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, ");
report.Append(CultureInfo.InvariantCulture, $"{(quick ? "--quick" : "full")} run in {clock.Elapsed.TotalSeconds:0} s, load average before/after: {loadBefore} / {LoadAverage()}\n\n");
foreach (string note in notes)
{
    report.Append("Note: ").Append(note).Append("\n\n");
}
report.Append(CultureInfo.InvariantCulture,
    $"The floor: on this machine a bare thread that wakes every 1 ms and does nothing costs {timerFloorMicroseconds:0.0} µs of CPU per wake-up; every sampler pays that per sample before any work.\n\n");
report.Append(table.ToMarkdown()).Append('\n');
if (realApps.HasRows)
{
    report.Append(realApps.ToMarkdown()).Append('\n');
}
report.Append(CultureInfo.InvariantCulture, $"BENCH metric=timer_floor tool=none value={timerFloorMicroseconds:0.####} unit=µs n=1\n");
foreach (string line in table.ToBenchLines().Concat(realApps.ToBenchLines()))
{
    report.Append(line).Append('\n');
}

Console.Write(report.ToString());
if (named.TryGetValue("out", out string? outPath))
{
    File.WriteAllText(outPath, report.ToString());
}

return 0;

static bool PyflameReads(BenchOptions options, string python)
{
    using WorkloadProcess probe = WorkloadProcess.Start(options, python, "tree");
    ProcessStartInfo info = new(options.PyflamePath, ["-s", "0", "-o", "/dev/null", "-p", probe.Pid.ToString(CultureInfo.InvariantCulture)])
    {
        RedirectStandardError = true,
    };
    using Process process = Process.Start(info) ?? throw new InvalidOperationException("cannot run " + options.PyflamePath);
    process.StandardError.ReadToEnd();
    process.WaitForExit();
    return process.ExitCode == 0;
}

static string PythonLabel(string python)
{
    if (python.StartsWith(WorkloadProcess.SidPrefix, StringComparison.Ordinal))
    {
        return "3.15-debian";
    }

    ProcessStartInfo info = new(python, ["-c", "import sys; print('%d.%d' % sys.version_info[:2])"]) { RedirectStandardOutput = true };
    using Process process = Process.Start(info) ?? throw new InvalidOperationException("cannot run " + python);
    string label = process.StandardOutput.ReadToEnd().Trim();
    process.WaitForExit();
    return label.Length > 0 ? label : Path.GetFileName(python);
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
