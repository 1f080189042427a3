using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Pyflame.Linux;

namespace Pyflame.Cli.Session;

/// <summary>
/// Trace mode's start: on a thread of its own (ptrace binds tracees to the thread that seized them), seizes the
/// command's process while it waits at the <see cref="LaunchGate"/>, opens the gate and follows the command with
/// <see cref="LaunchFollower"/> until a Python interpreter is ready, holding that process at its start. Disposing
/// releases it (detached, so the sampling thread can seize it) and ends the thread, which makes the kernel
/// detach every other process of the command.
/// </summary>
internal sealed class LaunchHold : IDisposable
{
    private readonly ManualResetEventSlim _decided = new();
    private readonly ManualResetEvent _release = new(false);
    private readonly Thread _thread;
    private LaunchOutcome _outcome = LaunchOutcome.NotFollowed;
    private ExceptionDispatchInfo? _failure;

    private LaunchHold(Process shell, LaunchGate gate, PythonProbe probe, CancellationToken cancellation)
    {
        _thread = new Thread(() => Follow(shell, gate, probe, cancellation)) { Name = "pyflame launch", IsBackground = true };
    }

    /// <summary>With <see cref="LaunchOutcome.Exited"/>: the process that was to become Python but exited before its interpreter was ready.</summary>
    public int? UninitialisedPid { get; private set; }

    public static LaunchHold Start(Process shell, LaunchGate gate, PythonProbe probe, CancellationToken cancellation)
    {
        LaunchHold hold = new(shell, gate, probe, cancellation);
        hold._thread.Start();
        return hold;
    }

    /// <summary>Blocks until the follower found an interpreter, saw the command end, or could not follow it.</summary>
    public LaunchOutcome WaitForOutcome()
    {
        _decided.Wait();
        _failure?.Throw();
        return _outcome;
    }

    public void Dispose()
    {
        _ = _release.Set();
        _thread.Join();
        _decided.Dispose();
        _release.Dispose();
    }

    private void Follow(Process shell, LaunchGate gate, PythonProbe probe, CancellationToken cancellation)
    {
        try
        {
            LaunchFollower? follower = WaitForCommandProcess(shell) is int pid ? LaunchFollower.TrySeize(pid, probe) : null;
            gate.Open();
            if (follower is null)
            {
                return;
            }

            int? found = follower.Follow(cancellation);
            (_outcome, UninitialisedPid) = found is null ? (LaunchOutcome.Exited, follower.LastPossiblePython) : (LaunchOutcome.Found, null);
            _decided.Set();
            if (found is not null)
            {
                follower.HoldUntil(_release);
            }

            follower.Dispose();
        }
        catch (Exception e)
        {
            _failure = ExceptionDispatchInfo.Capture(e);
        }
        finally
        {
            gate.Open();
            _decided.Set();
        }
    }

    /// <summary>The subshell sh forks for the command (its only child until the gate opens); null if sh ended first.</summary>
    private static int? WaitForCommandProcess(Process shell)
    {
        while (!shell.HasExited)
        {
            if (ProcessTree.Children(shell.Id) is [int child, ..])
            {
                return child;
            }

            Thread.Sleep(1);
        }

        return null;
    }
}
