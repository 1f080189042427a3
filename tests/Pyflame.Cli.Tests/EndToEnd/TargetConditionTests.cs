using System.Globalization;

namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>
/// Targets in a condition that used to be misreported: a zombie, a Python whose main thread exited, a stopped
/// process, one traced by someone else, PID 1, a process that execs under the attach, a stack too deep to walk.
/// Each gets the real cause in one line; the ones that can still be profiled are.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class TargetConditionTests
{
    private const int SigStop = 19;
    private const int SigCont = 18;

    private static PythonInstallation Python => PythonInstallations.Get("pyenv-3.11");

    [Fact]
    public void Zombie_is_named_as_one()
    {
        using TargetProcess parent = TargetProcess.Start(Python, "zombie_parent.py");
        string zombie = File.ReadAllText($"/proc/{parent.Pid}/task/{parent.Pid}/children").Trim();
        ChildProcessResult result = PyflameRunner.Run("-p", zombie, "-s", "0");
        ProfileAssert.CliError(result);
        Assert.True(result.ExitCode == 1, result.Describe());
        Assert.Contains($"process {zombie} (", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(") is a zombie: it has exited", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--nonblocking")]
    [InlineData("--blocking")]
    public void Python_whose_main_thread_exited_is_profiled_through_its_live_threads(string mode)
    {
        using TargetProcess target = TargetProcess.Start(Python, "main_exited.py");
        Assert.True(SpinWait.SpinUntil(() => ProcStat.TryRead(target.Pid)?.State == 'Z', TimeSpan.FromSeconds(10)), "the main thread did not exit");
        ChildProcessResult result = PyflameRunner.Run("-p", target.PidText, "-s", "0.5", mode);

        FoldedProfile profile = ProfileAssert.Succeeded(result);
        Assert.Contains($"the main thread of process {target.Pid} has exited; profiling the threads still running", result.Stderr, StringComparison.Ordinal);
        string spin = target.Script.Frame("spin", "worker_hot");
        long inSpin = profile.Stacks.Where(s => s.Frames[^1] == spin).Sum(s => s.Count);
        Assert.True(inSpin >= ProfileAssert.DominantShare * profile.NonIdleSamples && inSpin > 0, $"the worker's spin should dominate; {profile.Summary()}\n{result.Describe()}");
    }

    [Theory]
    [InlineData("--nonblocking")]
    [InlineData("--blocking")]
    public void Stopped_process_is_sampled_with_a_note_and_left_stopped(string mode)
    {
        using TargetProcess target = TargetProcess.Start(Python, "busy.py");
        Assert.True(NativeSignals.Send(target.Pid, SigStop));
        Assert.True(SpinWait.SpinUntil(() => ProcStat.TryRead(target.Pid)?.State == 'T', TimeSpan.FromSeconds(10)), "SIGSTOP did not stop the target");

        ChildProcessResult result = PyflameRunner.Run("-p", target.PidText, "-s", "0.3", mode);

        ProfileAssert.Succeeded(result);
        Assert.Contains($"process {target.Pid} is stopped (SIGSTOP or Ctrl-Z): its stacks are frozen", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.Contains("stopped", StringComparison.Ordinal)));
        Thread.Sleep(200);
        Assert.Equal('T', ProcStat.TryRead(target.Pid)?.State); // the user stopped it; pyflame must not resume it
        Assert.True(NativeSignals.Send(target.Pid, SigCont));
        target.AssertAliveAndNotStopped();
    }

    /// <summary>Blocking runs trace the target, so /proc shows the user's stop as a tracing stop: the pauser tells them apart.</summary>
    [Theory]
    [InlineData("--nonblocking")]
    [InlineData("--blocking")]
    public void Process_stopped_while_sampled_gets_a_note_at_the_end(string mode)
    {
        using TargetProcess target = TargetProcess.Start(Python, "busy.py");
        using RunningPyflame pyflame = RunningPyflame.Start(null, mode, "-T", "-p", target.PidText, "-s", "3");
        pyflame.WaitUntil(() => pyflame.StdoutText().Length > 0, "the first samples", TimeSpan.FromSeconds(30));
        Assert.True(NativeSignals.Send(target.Pid, SigStop));
        Thread.Sleep(800);
        Assert.True(NativeSignals.Send(target.Pid, SigCont));

        ChildProcessResult result = pyflame.WaitForExit(TimeSpan.FromSeconds(30));

        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Contains($"process {target.Pid} was stopped (SIGSTOP or Ctrl-Z) during ", result.Stderr, StringComparison.Ordinal);
        target.AssertAliveAndNotStopped();
    }

    /// <summary>A paused run that ends while the user has the target stopped leaves it stopped (detached in its group-stop).</summary>
    [Fact]
    public void Process_stopped_during_a_blocking_run_stays_stopped_after_it()
    {
        using TargetProcess target = TargetProcess.Start(Python, "busy.py");
        using RunningPyflame pyflame = RunningPyflame.Start(null, "--blocking", "-T", "-p", target.PidText, "-s", "1.5");
        pyflame.WaitUntil(() => pyflame.StdoutText().Length > 0, "the first samples", TimeSpan.FromSeconds(30));
        Assert.True(NativeSignals.Send(target.Pid, SigStop));

        ChildProcessResult result = pyflame.WaitForExit(TimeSpan.FromSeconds(30));

        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Contains($"process {target.Pid} was stopped (SIGSTOP or Ctrl-Z) during ", result.Stderr, StringComparison.Ordinal);
        Thread.Sleep(200);
        Assert.Equal('T', ProcStat.TryRead(target.Pid)?.State); // the user stopped it; pyflame must not resume it
        Assert.True(NativeSignals.Send(target.Pid, SigCont));
        target.AssertAliveAndNotStopped();
    }

    [Fact]
    public void Traced_process_names_its_tracer_and_nonblocking_still_works()
    {
        using TargetProcess target = TargetProcess.Start(Python, "busy.py");
        using TargetProcess tracer = TargetProcess.Start(Python, "seize.py", environment: new Dictionary<string, string> { ["SEIZE_PID"] = target.PidText });

        ChildProcessResult blocking = PyflameRunner.Run("-p", target.PidText, "-s", "0.2", "--blocking");
        ProfileAssert.CliError(blocking);
        Assert.True(blocking.ExitCode == 1, blocking.Describe());
        Assert.Contains($"already traced by PID {tracer.Pid} (python", blocking.Stderr, StringComparison.Ordinal);
        Assert.Contains("--nonblocking", blocking.Stderr, StringComparison.Ordinal);

        ChildProcessResult nonBlocking = PyflameRunner.Run("-p", target.PidText, "-s", "0.2", "--nonblocking");
        ProfileAssert.Dominated(ProfileAssert.Succeeded(nonBlocking), ExpectedStacks.Busy(target.Script), nonBlocking);
    }

    [Fact]
    public void Pid_1_is_not_blamed_on_missing_root()
    {
        // Here PID 1 is the VM's init, unreadable even to root; in a container it may be a shell (not Python) or, rarely, Python itself.
        ChildProcessResult result = PyflameRunner.Run("-p", "1", "-s", "0");
        Assert.DoesNotContain("run as root", result.Stderr, StringComparison.Ordinal);
        if (result.ExitCode != 0 || !File.ReadAllText("/proc/1/comm").Contains("python", StringComparison.Ordinal))
        {
            ProfileAssert.CliError(result);
            Assert.True(result.ExitCode == 1, result.Describe());
        }
    }

    /// <summary>Whatever moment of the exec each run meets, the answer is never a permission problem or an internal error.</summary>
    [Fact]
    public void Process_that_execs_under_the_attach_is_not_a_permission_problem()
    {
        using TargetProcess target = TargetProcess.Start(Python, "exec_loop.py");
        for (int run = 0; run < 5; run++)
        {
            ChildProcessResult result = PyflameRunner.Run("-p", target.PidText, "-s", "0.1");
            ProfileAssert.NoStackTrace(result);
            Assert.True(result.ExitCode is 0 or 1, result.Describe());
            Assert.DoesNotContain("permission denied", result.Stderr, StringComparison.Ordinal);
            if (result.ExitCode == 1)
            {
                ProfileAssert.CliError(result);
            }
        }
    }

    [Theory]
    [InlineData("--nonblocking")]
    [InlineData("--blocking")]
    public void Too_deep_stack_is_blamed_on_its_depth_in_either_mode(string mode)
    {
        using TargetProcess target = TargetProcess.Start(Python, "too_deep.py");
        ChildProcessResult result = PyflameRunner.Run("-p", target.PidText, "-s", "0.3", mode);

        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Contains("had a stack deeper than the 4096 frames pyflame walks", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("without pausing", result.Stderr, StringComparison.Ordinal);
        target.AssertAliveAndNotStopped();
    }

    [Fact]
    public void Dump_that_cannot_read_the_stacks_fails_on_stderr()
    {
        using TargetProcess target = TargetProcess.Start(Python, "too_deep.py");
        ChildProcessResult result = PyflameRunner.Run("-d", "-p", target.PidText);
        ProfileAssert.CliError(result);
        Assert.True(result.ExitCode == 1, result.Describe());
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"could not read the stacks of process {target.Pid}: the stack is deeper than"), result.Stderr, StringComparison.Ordinal);
        target.AssertAliveAndNotStopped();
    }
}
