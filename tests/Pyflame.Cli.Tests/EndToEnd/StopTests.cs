namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>
/// Ending a run early: SIGINT/SIGTERM/SIGHUP to pyflame write what was sampled and exit 0; a target
/// that exits ends the run with its profile and a note; SIGKILL to pyflame leaves the target running.
/// Every case leaves the target not stopped and not traced.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class StopTests
{
    private const int SigTerm = 15;

    private static readonly TimeSpan Attached = TimeSpan.FromSeconds(30);

    public static TheoryData<string, int> StopSignals()
    {
        var data = new TheoryData<string, int>();
        foreach (string name in PythonInstallations.RepresentativeNames.Where(n => PythonInstallations.PresentNames().Contains(n)))
        {
            foreach (int signal in new[] { 2, 15, 1 })
            {
                data.Add(name, signal);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(StopSignals))]
    public void Signal_mid_run_writes_what_was_sampled_and_exits_zero(string interpreter, int signal)
    {
        using TargetProcess target = TargetProcess.Start(PythonInstallations.Get(interpreter), "busy.py");
        string file = Path.Combine(Path.GetTempPath(), $"pyflame-e2e-{Guid.NewGuid():N}.folded");
        try
        {
            using RunningPyflame pyflame = RunningPyflame.Start(null, "--blocking", "-s", "30", "-o", file, "-p", target.PidText);
            pyflame.WaitUntil(() => Tracee.IsTracedBy(target.Pid, pyflame.Pid), "attaching", Attached);
            Thread.Sleep(400);
            pyflame.Signal(signal);
            ChildProcessResult result = pyflame.WaitForExit(TimeSpan.FromSeconds(15));

            Assert.True(result.ExitCode == 0, $"signal {signal} must end the run with exit 0\n{result.Describe()}");
            ProfileAssert.NoStackTrace(result);
            // Parse is strict: the file must end with a complete line.
            ProfileAssert.Dominated(ProfileAssert.Parse(File.ReadAllBytes(file), result), ExpectedStacks.Busy(target.Script), result);
            Tracee.AssertReleased(target.Pid, $"signal {signal} to pyflame");
            target.AssertAliveAndNotStopped();
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [MemberData(nameof(PythonInstallations.Representative), MemberType = typeof(PythonInstallations))]
    public void Target_exiting_mid_run_ends_it_with_the_profile_and_a_one_line_note(string interpreter)
    {
        // The target ends when the test says so, once pyflame is seen sampling it (it traces the target), so
        // pyflame's own start-up time, however loaded the machine, cannot decide the outcome.
        var environment = new Dictionary<string, string> { ["PYFLAME_E2E_BURN"] = "600", ["PYFLAME_E2E_STATUS"] = "0" };
        using TargetProcess target = TargetProcess.Start(PythonInstallations.Get(interpreter), "brief.py", environment: environment);
        using RunningPyflame pyflame = RunningPyflame.Start(null, "--blocking", "-s", "60", "-p", target.PidText);
        pyflame.WaitUntil(() => Tracee.IsTracedBy(target.Pid, pyflame.Pid), "attaching", Attached);
        Thread.Sleep(500);
        Assert.True(NativeSignals.Send(target.Pid, SigTerm), $"could not end target {target.Pid}");
        ChildProcessResult result = pyflame.WaitForExit(TimeSpan.FromSeconds(30));

        FoldedProfile profile = ProfileAssert.Succeeded(result);
        ProfileAssert.Dominated(profile, TraceOutput.BriefStack(target.Script), result);
        string[] notes = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.Contains("samples in", StringComparison.Ordinal)).ToArray();
        Assert.True(notes.Length == 1 && notes[0].Contains("exited", StringComparison.Ordinal) && notes[0].Contains(target.PidText, StringComparison.Ordinal),
            $"expected one note that process {target.Pid} exited\n{result.Describe()}");
    }

    /// <summary>The executable itself is killed (no wrapper process in between), mid-run at 1 kHz so it is likely mid-sample.</summary>
    [Theory]
    [MemberData(nameof(PythonInstallations.Representative), MemberType = typeof(PythonInstallations))]
    public void Sigkill_to_pyflame_leaves_the_target_running_and_untraced(string interpreter)
    {
        using TargetProcess target = TargetProcess.Start(PythonInstallations.Get(interpreter), "threads.py");
        using RunningPyflame pyflame = RunningPyflame.Start(null, "--blocking", "--threads", "-s", "30", "-r", "0.001", "-p", target.PidText);
        pyflame.WaitUntil(() => Tracee.IsTracedBy(target.Pid, pyflame.Pid), "attaching", Attached);
        Thread.Sleep(300);
        pyflame.Signal(NativeSignals.SigKill);
        ChildProcessResult result = pyflame.WaitForExit(TimeSpan.FromSeconds(15));

        Assert.True(result.ExitCode == 128 + NativeSignals.SigKill, $"pyflame itself must have been killed\n{result.Describe()}");
        Tracee.AssertReleased(target.Pid, "SIGKILL to pyflame");
        target.AssertAliveAndNotStopped();
    }
}
