using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Pyflame.Linux;

namespace Pyflame.Cli.Session;

/// <summary>
/// Trace mode's start: on a thread of its own (ptrace binds tracees to the thread that seized them), seizes the
/// command's process while it waits at the <see cref="LaunchGate"/>, opens the gate and follows the command with
/// <see cref="LaunchFollower"/> until a Python interpreter is ready, holding that process at its start. <see cref="Run"/>
/// runs the sampling on this same thread, which takes the held process over without ever letting it run untraced
/// (a 50 ms program is otherwise over before another thread has seized it on a loaded machine). Disposing releases
/// what is still held and ends the thread, which makes the kernel detach every other process of the command.
/// </summary>
internal sealed class LaunchHold : IDisposable
{
    private readonly ManualResetEventSlim _decided = new();
    private readonly ManualResetEvent _release = new(false);
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _jobDone = new();
    private LaunchOutcome _outcome = LaunchOutcome.NotFollowed;
    private ExceptionDispatchInfo? _failure;
    private Func<LaunchFollower, object?>? _job;
    private object? _jobResult;
    private ExceptionDispatchInfo? _jobFailure;
    private bool _disposed;

    private LaunchHold(Process shell, LaunchGate gate, PythonProbe probe, CancellationToken cancellation)
    {
        _thread = new Thread(() => Follow(shell, gate, probe, cancellation)) { Name = "pyflame launch", IsBackground = true };
    }

    /// <summary>With <see cref="LaunchOutcome.Found"/>: the process is stopped at its start (false: it was found running).</summary>
    public bool Held { get; private set; }

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

    /// <summary>
    /// After <see cref="LaunchOutcome.Found"/>: runs <paramref name="job"/> on the thread that holds the process (the
    /// only one ptrace lets act on it) and returns its result; exceptions are rethrown here.
    /// </summary>
    public T Run<T>(Func<LaunchFollower, T> job)
    {
        _job = follower => job(follower);
        _ = _release.Set();
        while (!_jobDone.Wait(50))
        {
            if (!_thread.IsAlive && !_jobDone.IsSet)
            {
                _failure?.Throw();
                throw new InvalidOperationException("the launch thread ended before it could run the sampler");
            }
        }

        _jobFailure?.Throw();
        return (T)_jobResult!;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _ = _release.Set();
        _thread.Join();
        _decided.Dispose();
        _release.Dispose();
        _jobDone.Dispose();
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
            Held = follower.Held;
            _decided.Set();
            if (found is not null)
            {
                follower.HoldUntil(_release);
                RunJob(follower);
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

    private void RunJob(LaunchFollower follower)
    {
        if (_job is not { } job)
        {
            return;
        }

        try
        {
            _jobResult = job(follower);
        }
        catch (Exception e)
        {
            _jobFailure = ExceptionDispatchInfo.Capture(e);
        }
        finally
        {
            _jobDone.Set();
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
