using System.Globalization;

namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>
/// family.py (tests/targets) under one interpreter, in the mode PYFLAME_FAMILY names, and what its processes look
/// like in a --subprocesses profile: each process's root frame and the exact stacks its children spin in.
/// </summary>
internal sealed class FamilyTarget : IDisposable
{
    public const string ScriptName = "family.py";

    // Where the target looks for its go file (inside its root) and where this machine creates it.
    private readonly string _goHostPath;

    private FamilyTarget(TargetProcess process, string goHostPath)
    {
        Process = process;
        _goHostPath = goHostPath;
    }

    public TargetProcess Process { get; }

    public TargetScript Script => Process.Script;

    public int Pid => Process.Pid;

    public static FamilyTarget Start(PythonInstallation python, string mode)
    {
        string go = $"/tmp/pyflame-family-go-{Guid.NewGuid():N}";
        string goHostPath = python.InChroot ? System.IO.Path.Join(python.Python.Root, go) : go;
        var environment = new Dictionary<string, string> { ["PYFLAME_FAMILY"] = mode, ["PYFLAME_FAMILY_GO"] = go };
        return new FamilyTarget(TargetProcess.Start(python, ScriptName, environment: environment), goHostPath);
    }

    /// <summary>Lets the late mode go on (its children spin and fork only once released): creates its go file.</summary>
    public void Release() => File.WriteAllBytes(_goHostPath, []);

    /// <summary>The folded root pyflame gives a process: <c>(process PID COMMAND)</c>, COMMAND its command line as /proc shows it.</summary>
    public static string RootOf(int pid) => $"(process {pid.ToString(CultureInfo.InvariantCulture)} {CommandLine(pid)})";

    /// <summary>/proc/PID/cmdline with spaces between arguments and ';' as ':' (the folded format's separator).</summary>
    public static string CommandLine(int pid) =>
        File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/cmdline").TrimEnd('\0').Replace('\0', ' ').Replace(';', ':');

    /// <summary>The process's children, from /proc/PID/task/*/children.</summary>
    public static IReadOnlyList<int> ChildrenOf(int pid) =>
        [.. Directory.GetDirectories($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/task")
            .SelectMany(task => File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(child => int.Parse(child, CultureInfo.InvariantCulture))];

    /// <summary>A pre-fork worker's stack below its root: &lt;module&gt; → run → prefork → worker_alpha / worker_beta.</summary>
    public IReadOnlyList<string> PreforkWorker(string worker) =>
    [
        Script.Frame(ExpectedStacks.Module, "module_call"), Script.Frame("run", "run_prefork"),
        Script.Frame("prefork", "prefork_worker"), Script.Frame(worker, worker == "worker_alpha" ? "alpha" : "beta"),
    ];

    /// <summary>The pre-fork parent waiting: &lt;module&gt; → run → prefork → master_wait.</summary>
    public IReadOnlyList<string> PreforkParent() =>
    [
        Script.Frame(ExpectedStacks.Module, "module_call"), Script.Frame("run", "run_prefork"),
        Script.Frame("prefork", "prefork_wait"), Script.Frame("master_wait", "master_wait"),
    ];

    /// <summary>A child of the late mode: &lt;module&gt; → run → late → early_spin (exits mid-run) or late_spin (forked once sampled).</summary>
    public IReadOnlyList<string> LateChild(bool early) =>
    [
        Script.Frame(ExpectedStacks.Module, "module_call"), Script.Frame("run", "run_late"),
        Script.Frame("late", early ? "early_call" : "late_call"), Script.Frame(early ? "early_spin" : "late_spin", early ? "early_spin" : "late_spin"),
    ];

    public void Dispose()
    {
        Process.Dispose();
        File.Delete(_goHostPath);
    }
}
