using System.Diagnostics;
using System.Text;

namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>
/// A target script running under one interpreter, in its own process group (via setsid), started by
/// absolute path and considered up once it printed READY. Dispose kills the whole group.
/// </summary>
internal sealed class TargetProcess : IDisposable
{
    private static readonly TimeSpan DefaultReadyTimeout = TimeSpan.FromSeconds(30);
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private TargetProcess(Process process, PythonInstallation python, TargetScript script)
    {
        _process = process;
        Python = python;
        Script = script;
    }

    public PythonInstallation Python { get; }

    public TargetScript Script { get; }

    public int Pid => _process.Id;

    public string PidText => Pid.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>True once the target process has ended (e.g. a script that exits by itself).</summary>
    public bool HasExited => _process.HasExited;

    public static TargetProcess Start(
        PythonInstallation python, string scriptFileName, TimeSpan? readyTimeout = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        TargetScript script = TargetScript.Load(scriptFileName);
        var startInfo = new ProcessStartInfo("/usr/bin/setsid")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        foreach (string argument in python.Launch(script.Path))
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (string name in startInfo.Environment.Keys.Where(k => k.StartsWith("PYTHON", StringComparison.Ordinal)).ToList())
        {
            startInfo.Environment.Remove(name);
        }

        // A UTF-8 locale makes every 3.x (3.6 has no C-locale coercion) decode the non-ASCII
        // script path from argv as UTF-8, so co_filename holds the real name.
        startInfo.Environment["LC_ALL"] = "C.UTF-8";
        startInfo.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        Process process = Process.Start(startInfo) ?? throw new InvalidOperationException($"could not start {python.Name}");
        var target = new TargetProcess(process, python, script);
        target.WaitUntilReady(readyTimeout ?? DefaultReadyTimeout);
        return target;
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
            if (stat is not null && !stat.IsStopped && !stat.IsGone && !_process.HasExited)
            {
                return;
            }

            Thread.Sleep(50);
        }

        Assert.Fail($"{Python.Name} target {Script.Path} (pid {Pid}) is not running normally after profiling: " +
                    (stat is null ? "process is gone" : $"state '{stat.State}'") + $"; target stderr: {Stderr()}");
    }

    public string Stderr()
    {
        lock (_stderr)
        {
            return _stderr.ToString();
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            NativeSignals.KillGroup(Pid);
            _process.Kill(entireProcessTree: true);
        }

        _process.WaitForExit(5000);
        _process.Dispose();
    }

    private void WaitUntilReady(TimeSpan timeout)
    {
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data == "READY")
            {
                _ready.TrySetResult();
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_stderr)
            {
                _stderr.AppendLine(e.Data);
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        _process.StandardInput.Close();
        _ = Task.WhenAny(_ready.Task, _process.WaitForExitAsync()).Wait(timeout);
        if (!_ready.Task.IsCompleted)
        {
            string reason = _process.HasExited ? $"exited with {_process.ExitCode}" : $"no READY within {timeout.TotalSeconds} s";
            Dispose();
            throw new InvalidOperationException($"{Python.Name} target {Script.Path}: {reason}; stderr: {Stderr()}");
        }

        // setsid execs in place (the child of Process.Start is never a group leader), so the pid we
        // hold is the interpreter itself and leads its own group: Dispose can kill everything it spawned.
        ProcStat? stat = ProcStat.TryRead(Pid);
        if (stat?.ProcessGroup != Pid)
        {
            Dispose();
            throw new InvalidOperationException($"target pid {Pid} is not its own process group leader ({stat})");
        }
    }
}
