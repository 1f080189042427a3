using System.Globalization;
using Pyflame.Cli.Tests.EndToEnd;

namespace Pyflame.Cli.Tests.Release;

/// <summary>
/// A target script run by the Debian root's own python3 (chroot, its own session), up once it printed READY.
/// <see cref="Pid"/> is the interpreter's (chroot execs it); the script's frames carry its path inside the root.
/// </summary>
internal sealed class RootTarget : IDisposable
{
    private readonly PythonTargetProcess _process;

    private RootTarget(PythonTargetProcess process, TargetScript script)
    {
        _process = process;
        Script = script;
    }

    public int Pid => _process.Pid;

    public string PidText => Pid.ToString(CultureInfo.InvariantCulture);

    public TargetScript Script { get; }

    public static RootTarget Start(DebianRoot root, string scriptFileName)
    {
        string inside = $"{DebianRoot.TargetsInside}/{scriptFileName}";
        string[] command = ["/usr/sbin/chroot", root.Path, "/usr/bin/env", "-i", "PYTHONDONTWRITEBYTECODE=1", "/usr/bin/python3", inside];
        PythonTargetProcess process = PythonTargetProcess.Start(new TargetLaunch(command, $"the Debian root's python3 running {inside}"));
        return new RootTarget(process, TargetScript.Parse(inside, File.ReadAllLines(RepoPaths.Target(scriptFileName))));
    }

    public void AssertAliveAndNotStopped()
    {
        ProcStat? stat = ProcStat.TryRead(Pid);
        Assert.True(stat is not null && !stat.IsStopped && !stat.IsGone && !_process.HasExited,
            $"the root's python3 (pid {Pid}) is not running normally after profiling: {stat?.State.ToString() ?? "gone"}");
    }

    public void Dispose() => _process.Dispose();
}
