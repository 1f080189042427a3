using System.Diagnostics;
using System.Globalization;
using Pyflame.Cli.Tests.EndToEnd;

namespace Pyflame.Cli.Tests.Release;

/// <summary>
/// A target script run by the Debian root's own python3 (chroot, its own session), up once it printed READY.
/// <see cref="Pid"/> is the interpreter's (chroot execs it); the script's frames carry its path inside the root.
/// </summary>
internal sealed class RootTarget : IDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    private readonly Process _process;

    private RootTarget(Process process, TargetScript script)
    {
        _process = process;
        Script = script;
    }

    public int Pid => _process.Id;

    public string PidText => Pid.ToString(CultureInfo.InvariantCulture);

    public TargetScript Script { get; }

    public static RootTarget Start(DebianRoot root, string scriptFileName)
    {
        string inside = $"{DebianRoot.TargetsInside}/{scriptFileName}";
        var startInfo = new ProcessStartInfo("/usr/bin/setsid")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in (string[])["/usr/sbin/chroot", root.Path, "/usr/bin/env", "-i", "PYTHONDONTWRITEBYTECODE=1", "/usr/bin/python3", inside])
        {
            startInfo.ArgumentList.Add(argument);
        }

        Process process = Process.Start(startInfo) ?? throw new InvalidOperationException("could not start the root's python3");
        process.StandardInput.Close();
        var target = new RootTarget(process, TargetScript.Parse(inside, File.ReadAllLines(RepoPaths.Target(scriptFileName))));
        Task<string?> ready = process.StandardOutput.ReadLineAsync();
        if (!ready.Wait(ReadyTimeout) || ready.Result != "READY")
        {
            target.Dispose();
            Assert.Fail($"the root's python3 did not print READY; stderr: {process.StandardError.ReadToEnd()}");
        }

        return target;
    }

    public void AssertAliveAndNotStopped()
    {
        ProcStat? stat = ProcStat.TryRead(Pid);
        Assert.True(stat is not null && !stat.IsStopped && !stat.IsGone && !_process.HasExited,
            $"the root's python3 (pid {Pid}) is not running normally after profiling: {stat?.State.ToString() ?? "gone"}");
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
}
