namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>
/// <c>pyflame -t COMMAND ARGS...</c> with brief.py, a short program: arguments after -t are the
/// command's, its streams pass through, pyflame exits with its status, and the stack is exact.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class TraceModeTests
{
    private const string Script = "brief.py";

    /// <summary>Pyflame options placed after the script: they must reach the program untouched.</summary>
    /// <summary>
    /// Where the subject is not start-up (wrappers, shims, streams), the program burns 1 s of CPU time, so its
    /// stack dominates the profile over its start-up imports, which trace mode now samples too.
    /// </summary>
    private static readonly Dictionary<string, string> LongerBurn = new() { ["PYFLAME_E2E_BURN"] = "1" };

    private static readonly string[] ProgramArguments = ["-p", "1", "-s", "9", "-o", "/nonexistent/out", "-t", "x", "--help"];

    [Theory]
    [MemberData(nameof(PythonInstallations.Present), MemberType = typeof(PythonInstallations))]
    public void Program_streams_pass_through_its_exit_status_is_returned_and_its_stack_is_exact(string interpreter)
    {
        PythonInstallation python = PythonInstallations.Get(interpreter);
        TargetScript brief = TargetScript.Load(Script);
        bool takesArguments = python.Kind == InterpreterKind.Executable; // the embed host runs the script without argv
        string[] command = [.. python.Launch(brief.Path, takesArguments ? ProgramArguments : [])];
        ChildProcessResult result = PyflameRunner.Run(new PyflameRunOptions { Stdin = "hello from stdin\n", Environment = LongerBurn }, ["-t", .. command]);

        Assert.True(result.ExitCode == 3, $"pyflame must exit with the program's status 3\n{result.Describe()}");
        ProfileAssert.NoStackTrace(result);
        (IReadOnlyList<string> childLines, FoldedProfile profile) = TraceOutput.Split(result);
        Assert.Equal("READY", childLines.FirstOrDefault());
        Assert.Contains("brief: stdin hello from stdin", childLines);
        if (takesArguments)
        {
            Assert.Contains("brief: argv " + string.Join(' ', ProgramArguments), childLines);
        }

        Assert.Contains("brief: stderr line\n", result.Stderr, StringComparison.Ordinal);
        ProfileAssert.ScriptDominated(profile, brief.Path, TraceOutput.BriefStack(brief), result);
    }

    /// <summary>brief.py burns only 0.3 s and must still be sampled exactly, on a machine with every core busy (trace mode holds its start).</summary>
    [Theory]
    [MemberData(nameof(PythonInstallations.Representative), MemberType = typeof(PythonInstallations))]
    public void A_0_3_second_program_yields_samples_with_its_exact_stack(string interpreter)
    {
        TargetScript brief = TargetScript.Load(Script);
        var environment = new Dictionary<string, string> { ["PYFLAME_E2E_BURN"] = "0.3" };
        using MachineLoad load = MachineLoad.OnEveryCore();
        ChildProcessResult result = PyflameRunner.Run(new PyflameRunOptions { Stdin = "\n", Environment = environment }, ["-t", .. PythonInstallations.Get(interpreter).Launch(brief.Path)]);
        Assert.True(result.ExitCode == 3, result.Describe());
        ProfileAssert.ScriptDominated(TraceOutput.Split(result).Profile, brief.Path, TraceOutput.BriefStack(brief), result);
    }

    [Theory]
    [MemberData(nameof(PythonInstallations.Representative), MemberType = typeof(PythonInstallations))]
    public void Output_file_gets_the_profile_and_stdout_only_the_programs_output(string interpreter)
    {
        PythonInstallation python = PythonInstallations.Get(interpreter);
        TargetScript brief = TargetScript.Load(Script);
        string file = Path.Combine(Path.GetTempPath(), $"pyflame-e2e-{Guid.NewGuid():N}.folded");
        try
        {
            ChildProcessResult result = PyflameRunner.Run(new PyflameRunOptions { Stdin = "x\n", Environment = LongerBurn }, ["-o", file, "-t", .. python.Launch(brief.Path, "a")]);
            Assert.True(result.ExitCode == 3, result.Describe());
            string[] stdout = result.StdoutText.Split('\n');
            Assert.True(stdout is ["READY", var pid, "brief: stdin x", "brief: argv a", ""] && pid.StartsWith("brief: pid ", StringComparison.Ordinal),
                $"stdout must be exactly the program's output\n{result.Describe()}");
            ProfileAssert.ScriptDominated(ProfileAssert.Parse(File.ReadAllBytes(file), result), brief.Path, TraceOutput.BriefStack(brief), result);
        }
        finally
        {
            File.Delete(file);
        }
    }

    public static TheoryData<string, string> WrapperKinds()
    {
        var data = new TheoryData<string, string>();
        foreach (string name in PythonInstallations.RepresentativeNames.Where(n => PythonInstallations.PresentNames().Contains(n)))
        {
            data.Add(name, "exec");
            data.Add(name, "child");
        }

        return data;
    }

    /// <summary>A shell script that execs python (same pid, new image) or runs it as its child: pyflame finds the interpreter when it appears.</summary>
    [Theory]
    [MemberData(nameof(WrapperKinds))]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void Shell_wrapper_that_runs_python_is_traced(string interpreter, string kind)
    {
        PythonInstallation python = PythonInstallations.Get(interpreter);
        TargetScript brief = TargetScript.Load(Script);
        string wrapper = Path.Combine(Path.GetTempPath(), $"pyflame-e2e-wrapper-{Guid.NewGuid():N}.sh");
        python.Launch(brief.Path); // stages the script where the interpreter can read it
        string run = string.Join(' ', python.Command().Select(argument => $"'{argument}'")) + " \"$@\"";
        File.WriteAllText(wrapper, kind == "exec" ? $"#!/bin/sh\nexec {run}\n" : $"#!/bin/sh\necho wrapper started >&2\n{run}\nexit $?\n");
        File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            ChildProcessResult result = PyflameRunner.Run(new PyflameRunOptions { Stdin = "w\n" }, "-t", wrapper, brief.Path);
            Assert.True(result.ExitCode == 3, result.Describe());
            ProfileAssert.ScriptDominated(TraceOutput.Split(result).Profile, brief.Path, TraceOutput.BriefStack(brief), result);
        }
        finally
        {
            File.Delete(wrapper);
        }
    }

    public static TheoryData<string> RepresentativePyenvs() =>
        [.. PythonInstallations.RepresentativeNames.Where(name => name.StartsWith("pyenv-", StringComparison.Ordinal) && PythonInstallations.PresentNames().Contains(name))];

    public static TheoryData<string> DebianRootPythons() =>
        [.. PythonInstallations.PresentNames().Where(name => name.StartsWith("debian-3.1", StringComparison.Ordinal) && PythonInstallations.Get(name).InChroot)];

    /// <summary>The way a user runs a program in a container root: chroot by PATH, the interpreter by its bare name inside.</summary>
    [Theory]
    [MemberData(nameof(DebianRootPythons))]
    public void Chroot_command_by_name_is_traced_into_the_root(string interpreter)
    {
        PythonInstallation python = PythonInstallations.Get(interpreter);
        TargetScript brief = TargetScript.Load(Script);
        python.Launch(brief.Path); // stages the script at the same path inside the root
        ChildProcessResult result = PyflameRunner.Run(new PyflameRunOptions { Stdin = "c\n", Environment = LongerBurn },
            "-t", "chroot", python.Python.Root!, Path.GetFileName(python.Path), brief.Path);
        Assert.True(result.ExitCode == 3, result.Describe());
        ProfileAssert.ScriptDominated(TraceOutput.Split(result).Profile, brief.Path, TraceOutput.BriefStack(brief), result);
    }

    /// <summary>pyenv's shim is a bash script that ends up exec-ing the version PYENV_VERSION names.</summary>
    [Theory]
    [MemberData(nameof(RepresentativePyenvs))]
    public void Pyenv_shim_is_traced(string interpreter)
    {
        PythonInstallation python = PythonInstallations.Get(interpreter);
        TargetScript brief = TargetScript.Load(Script);
        string version = Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(python.Path)))!;
        string shim = python.IsPython2 ? "/root/.pyenv/shims/python" : "/root/.pyenv/shims/python3";
        Assert.True(File.Exists(shim), $"{shim} is missing");
        var environment = new Dictionary<string, string> { ["PYENV_VERSION"] = version };
        ChildProcessResult result = PyflameRunner.Run(new PyflameRunOptions { Stdin = "s\n", Environment = environment }, "-t", shim, brief.Path);
        Assert.True(result.ExitCode == 3, result.Describe());
        ProfileAssert.ScriptDominated(TraceOutput.Split(result).Profile, brief.Path, TraceOutput.BriefStack(brief), result);
    }

    [Theory]
    [InlineData("pyenv-2.7", 9)]
    [InlineData("pyenv-3.11", 9)]
    [InlineData("pyenv-3.13", 15)]
    public void Program_killed_by_a_signal_gives_128_plus_the_signal_and_its_profile(string interpreter, int signal)
    {
        PythonInstallation python = PythonInstallations.Get(interpreter);
        string code = $"import os, time\nend = time.time() + 0.6\nwhile time.time() < end: pass\nos.kill(os.getpid(), {signal})\n";
        ChildProcessResult result = PyflameRunner.Run("-t", python.Path, "-c", code);
        Assert.True(result.ExitCode == 128 + signal, $"expected exit {128 + signal}\n{result.Describe()}");
        ProfileAssert.ScriptDominated(ProfileAssert.Parse(result.Stdout, result), "<string>", ["<string>:<module>:3"], result);
    }

    public static TheoryData<string, int> ForwardedSignals()
    {
        var data = new TheoryData<string, int>();
        foreach (string name in PythonInstallations.RepresentativeNames.Where(n => PythonInstallations.PresentNames().Contains(n)))
        {
            data.Add(name, 15);
            data.Add(name, 2);
        }

        return data;
    }

    /// <summary>SIGTERM/SIGINT sent to pyflame alone reach the program (brief.py exits 40+N on them); the profile is still written.</summary>
    [Theory]
    [MemberData(nameof(ForwardedSignals))]
    public void Signals_to_pyflame_are_forwarded_to_the_program(string interpreter, int signal)
    {
        PythonInstallation python = PythonInstallations.Get(interpreter);
        TargetScript brief = TargetScript.Load(Script);
        var environment = new Dictionary<string, string> { ["PYFLAME_E2E_BURN"] = "60" };
        using RunningPyflame pyflame = RunningPyflame.Start(environment, ["--blocking", "-t", .. python.Launch(brief.Path)]);
        int pid = 0;
        pyflame.WaitUntil(() => TryReadChildPid(pyflame.StdoutText(), out pid), "the program printing its pid", TimeSpan.FromSeconds(30));
        pyflame.WaitUntil(() => Tracee.IsTracedBy(pid, pyflame.Pid), "pyflame attaching to the program", TimeSpan.FromSeconds(30));
        // Sampled from its start, the program's first lines (stdin, prints) are in the profile too: let the burn dominate.
        Thread.Sleep(1000);
        pyflame.Signal(signal);
        ChildProcessResult result = pyflame.WaitForExit(TimeSpan.FromSeconds(30));

        Assert.True(result.ExitCode == 40 + signal, $"the program did not get signal {signal} (it exits {40 + signal} then)\n{result.Describe()}");
        (IReadOnlyList<string> childLines, FoldedProfile profile) = TraceOutput.Split(result);
        Assert.Contains($"brief: signal {signal}", childLines);
        ProfileAssert.ScriptDominated(profile, brief.Path, TraceOutput.BriefStack(brief), result);
    }

    private static bool TryReadChildPid(string stdout, out int pid)
    {
        pid = 0;
        string? line = stdout.Split('\n').FirstOrDefault(l => l.StartsWith("brief: pid ", StringComparison.Ordinal));
        return line is not null && int.TryParse(line["brief: pid ".Length..], System.Globalization.CultureInfo.InvariantCulture, out pid);
    }
}
