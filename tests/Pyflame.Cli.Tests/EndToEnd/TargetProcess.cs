namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>
/// A target script running under one interpreter, in its own process group (via setsid), started by
/// absolute path and considered up once it printed READY. Dispose kills the whole group.
/// </summary>
internal sealed class TargetProcess : IDisposable
{
    private readonly PythonTargetProcess _process;

    private TargetProcess(PythonTargetProcess process, PythonInstallation python, TargetScript script)
    {
        _process = process;
        Python = python;
        Script = script;
    }

    public PythonInstallation Python { get; }

    public TargetScript Script { get; }

    public int Pid => _process.Pid;

    public string PidText => Pid.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>True once the target process has ended (e.g. a script that exits by itself).</summary>
    public bool HasExited => _process.HasExited;

    public static TargetProcess Start(
        PythonInstallation python, string scriptFileName, TimeSpan? readyTimeout = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        TargetScript script = TargetScript.Load(scriptFileName);
        // A UTF-8 locale makes every 3.x (3.6 has no C-locale coercion) decode the non-ASCII
        // script path from argv as UTF-8, so co_filename holds the real name.
        Dictionary<string, string> variables = new(StringComparer.Ordinal) { ["LC_ALL"] = "C.UTF-8", ["PYTHONDONTWRITEBYTECODE"] = "1" };
        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
        {
            variables[name] = value;
        }

        TargetLaunch launch = new(python.Launch(script.Path), $"{python.Name} target {script.Path}")
        {
            Variables = variables,
            WithoutInheritedPythonVariables = true,
            ThreadsSpinningAfterReady = script.ThreadsSpinningAfterReady,
            ThreadsSleepAfterReady = script.SleepsAfterReady,
        };
        return new TargetProcess(PythonTargetProcess.Start(readyTimeout is { } timeout ? launch with { ReadyTimeout = timeout } : launch), python, script);
    }

    /// <summary>
    /// Fails unless the target still exists and is neither stopped nor a zombie. A profiler that
    /// leaves its target in ptrace- or signal-stop breaks production services, so every profiling
    /// test ends with this. Waits up to a second for the state to settle after the profiler exits.
    /// </summary>
    public void AssertAliveAndNotStopped()
    {
        ProcStat? stat = null;
        for (int attempt = 0; attempt < 20; attempt++)
        {
            stat = ProcStat.TryRead(Pid);
            if (stat is not null && !stat.IsStopped && !stat.IsGone && !HasExited)
            {
                return;
            }

            Thread.Sleep(50);
        }

        Assert.Fail($"{Python.Name} target {Script.Path} (pid {Pid}) is not running normally after profiling: " +
                    (stat is null ? "process is gone" : $"state '{stat.State}'") + $"; target stderr: {Stderr()}");
    }

    public string Stderr() => _process.Stderr;

    public void Dispose() => _process.Dispose();
}
