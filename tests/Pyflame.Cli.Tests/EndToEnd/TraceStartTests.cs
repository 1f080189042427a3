namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>
/// Trace mode never misses the start: the command is held until pyflame follows it and its interpreter is
/// ready, so a program lasting 50 ms is sampled even while every core is busy, and a command that never
/// became Python says so in one line and passes on its exit status.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class TraceStartTests
{
    private const string Script = "fifty_ms.py";

    [Theory]
    [MemberData(nameof(PythonInstallations.Present), MemberType = typeof(PythonInstallations))]
    public void A_50_ms_program_is_sampled_with_its_exact_stack_while_every_core_is_busy(string interpreter)
    {
        PythonInstallation python = PythonInstallations.Get(interpreter);
        TargetScript fifty = TargetScript.Load(Script);
        string[] command = [.. python.Launch(fifty.Path)]; // builds the embed host before the load starts
        using MachineLoad load = MachineLoad.OnEveryCore();
        ChildProcessResult result = PyflameRunner.Run(["-r", "0.001", "-t", .. command]);
        Assert.True(load.IsRunning, "the machine load ended early: the test did not run under load");

        FoldedProfile profile = ProfileAssert.Succeeded(result);
        string[] expected = [fifty.Frame(ExpectedStacks.Module, "module_call"), fifty.Frame("busy", "busy_hot")];
        Assert.True(profile.CountOf(expected) > 0, $"no sample has the stack {string.Join(';', expected)}; {profile.Summary()}\n{result.Describe()}");
    }

    /// <summary>`python -c pass` is Python: it is caught at its start and its start-up is the profile (or pyflame says it was too quick).</summary>
    [Theory]
    [MemberData(nameof(PythonInstallations.Representative), MemberType = typeof(PythonInstallations))]
    public void A_program_that_does_nothing_is_still_found_to_be_python(string interpreter)
    {
        using MachineLoad load = MachineLoad.OnEveryCore();
        ChildProcessResult result = PyflameRunner.Run(["-t", .. PythonInstallations.Get(interpreter).Command("-c", "pass")]);

        Assert.True(result.ExitCode == 0, result.Describe());
        ProfileAssert.NoStackTrace(result);
        Assert.DoesNotContain("appeared", result.Stderr, StringComparison.Ordinal);
        FoldedProfile profile = ProfileAssert.Parse(result.Stdout, result);
        Assert.True(
            profile.TotalSamples > 0 || PyflameLines(result) is [var line] && line.Contains("exited before it could be sampled", StringComparison.Ordinal),
            $"neither samples nor a line saying why there are none\n{result.Describe()}");
    }

    [Fact]
    public void A_command_that_never_runs_python_gets_one_line_and_its_exit_status()
    {
        ChildProcessResult result = PyflameRunner.Run("-t", "/bin/sh", "-c", "exit 7");

        Assert.True(result.ExitCode == 7, $"pyflame must exit with the command's status 7\n{result.Describe()}");
        Assert.Empty(result.Stdout);
        Assert.Equal(["pyflame: '/bin/sh' exited before a Python interpreter appeared in it; nothing was sampled"], StderrLines(result));
    }

    /// <summary>An unknown option makes python exit before it creates its interpreter: said as such, with python's status.</summary>
    [Theory]
    [MemberData(nameof(PythonInstallations.Representative), MemberType = typeof(PythonInstallations))]
    public void Python_that_exits_before_its_interpreter_initialises_gets_one_line_and_its_exit_status(string interpreter)
    {
        ChildProcessResult result = PyflameRunner.Run(["-t", .. PythonInstallations.Get(interpreter).Command("--no-such-option")]);

        Assert.True(result.ExitCode == 2, $"pyflame must exit with python's usage status 2\n{result.Describe()}");
        Assert.Empty(result.Stdout);
        Assert.True(
            PyflameLines(result) is [var line] && line.Contains("exited before its Python interpreter (PID ", StringComparison.Ordinal)
                && line.EndsWith("was initialised; nothing was sampled", StringComparison.Ordinal),
            $"expected one line saying the interpreter never initialised\n{result.Describe()}");
    }

    /// <summary>
    /// pyflame killed outright at any moment of the start (the command waiting at its gate, followed, held at its
    /// start, or sampled): the command still runs to its end, never left stopped or waiting.
    /// </summary>
    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(20)]
    [InlineData(60)]
    [InlineData(150)]
    public void Pyflame_killed_during_the_start_leaves_the_command_running(int delayMilliseconds)
    {
        string marker = Path.Combine(Path.GetTempPath(), $"pyflame-e2e-ran-{Guid.NewGuid():N}");
        string code = "import sys, time\nend = time.time() + 0.3\nwhile time.time() < end: pass\nopen(sys.argv[1], 'w').write('ran')\n";
        try
        {
            using (RunningPyflame pyflame = RunningPyflame.Start(null, "-t", PythonInstallations.Get("pyenv-3.11").Path, "-c", code, marker))
            {
                pyflame.WaitUntil(() => HasGrandchild(pyflame.Pid), "the command's process appearing", TimeSpan.FromSeconds(30));
                Thread.Sleep(delayMilliseconds);
                pyflame.Signal(9);
                pyflame.WaitForExit(TimeSpan.FromSeconds(30));
            }

            Assert.True(SpinWait.SpinUntil(() => File.Exists(marker), TimeSpan.FromSeconds(30)), "the command did not run to its end after pyflame was killed");
        }
        finally
        {
            File.Delete(marker);
        }
    }

    private static bool HasGrandchild(int pid) =>
        Pyflame.Linux.ProcessTree.Descendants(pid).Count >= 2;

    private static string[] StderrLines(ChildProcessResult result) => result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static string[] PyflameLines(ChildProcessResult result) =>
        [.. StderrLines(result).Where(l => l.StartsWith("pyflame: ", StringComparison.Ordinal))];
}
