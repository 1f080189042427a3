namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>
/// A target that replaces its program (os.execv) during a --blocking run, from its main thread or another one:
/// the run ends by itself soon after, with the samples taken before and a note that says what happened (not that
/// the process exited), and the target lives on, neither traced nor stopped. Before, an exec from the main thread
/// could hang pyflame for good in waitpid, and one from another thread kept the target stopped for seconds.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class ExecTests
{
    private const int SigUsr1 = 10;
    private static readonly TimeSpan Attached = TimeSpan.FromSeconds(30);

    public static TheoryData<string, string> ExecCases()
    {
        var data = new TheoryData<string, string>();
        foreach (string name in PythonInstallations.RepresentativeNames.Where(n => PythonInstallations.PresentNames().Contains(n)))
        {
            data.Add(name, "main");
            data.Add(name, "thread");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ExecCases))]
    public void Exec_during_a_blocking_run_ends_it_promptly_and_truthfully(string interpreter, string execFrom)
    {
        var environment = new Dictionary<string, string> { ["PYFLAME_E2E_EXEC_FROM"] = execFrom };
        using TargetProcess target = TargetProcess.Start(PythonInstallations.Get(interpreter), "reexec.py", environment: environment);
        string file = Path.Combine(Path.GetTempPath(), $"pyflame-e2e-{Guid.NewGuid():N}.folded");
        try
        {
            // 60 s: a run that does not notice the exec samples until then; one that does ends within seconds.
            using RunningPyflame pyflame = RunningPyflame.Start(null, "--blocking", "-s", "60", "-o", file, "-p", target.PidText);
            pyflame.WaitUntil(() => Tracee.IsTracedBy(target.Pid, pyflame.Pid), "attaching", Attached);
            Thread.Sleep(300);
            Assert.True(NativeSignals.Send(target.Pid, SigUsr1), "could not signal the target to exec");
            ChildProcessResult result = pyflame.WaitForExit(TimeSpan.FromSeconds(30));

            Assert.True(result.ExitCode == 0, $"an exec must end the run with exit 0\n{result.Describe()}");
            ProfileAssert.NoStackTrace(result);
            Assert.True(result.Stderr.Contains($"process {target.PidText} replaced its program (exec)", StringComparison.Ordinal)
                && !result.Stderr.Contains("exited", StringComparison.Ordinal), $"expected the note that the target exec'd\n{result.Describe()}");
            FoldedProfile profile = ProfileAssert.Parse(File.ReadAllBytes(file), result);
            Assert.True(profile.Text.Contains(":burn:", StringComparison.Ordinal), $"the samples before the exec must be written\n{result.Describe()}");
            Tracee.AssertReleased(target.Pid, $"an exec from the {execFrom} thread");
            target.AssertAliveAndNotStopped();
            Assert.Contains("again", File.ReadAllText($"/proc/{target.Pid}/cmdline"), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
