namespace Pyflame.Cli.Tests.EndToEnd.Live;

/// <summary>
/// pyflame --live in a real terminal (tmux) against live CPython targets: the hot function by exact name,
/// file and line, the keys, and the terminal given back on every way out.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class LiveViewTests
{
    /// <summary>The oldest, a blocking-by-default 3.x, a nonblocking one, and the newest installed.</summary>
    public static TheoryData<string> Versions()
    {
        TheoryData<string> data = [];
        foreach (string name in new[] { "pyenv-2.7", "pyenv-3.9", "pyenv-3.12", "pyenv-3.13" }.Where(PythonInstallations.PresentNames().Contains))
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void Shows_the_hot_function_and_its_callers_and_keys_sort_group_and_pause_then_q_restores_the_terminal(string interpreter)
    {
        using TargetProcess target = TargetProcess.Start(PythonInstallations.Get(interpreter), "busy.py");
        using TmuxPane pane = TmuxPane.Start(LiveCommand.Pyflame("--live", "-p", target.PidText), width: 250);
        string path = target.Script.Path;
        string inner = $"{path}:{target.Script.Line("inner_hot")}";

        string screen = pane.WaitForScreen(s => LiveCommand.Rows(s) is [var top, ..] && top.Function == "inner" && top.Location == inner
            && LiveCommand.HasRow(s, "outer", $"{path}:{target.Script.Line("outer_call")}"), "inner as the top row");
        Assert.Contains($"PID {target.Pid} · Python {target.Python.Major}.{target.Python.Minor}", screen, StringComparison.Ordinal);
        Assert.Contains("busy.py", screen.Split('\n')[0], StringComparison.Ordinal);
        Assert.True(LiveCommand.Rows(screen)[0].Own >= 50, screen);
        Assert.True(LiveCommand.HasRow(screen, "middle", $"{path}:{target.Script.Line("middle_call")}"), screen);
        Assert.True(LiveCommand.HasRow(screen, "<module>", $"{path}:{target.Script.Line("module_call")}"), screen);
        Assert.Contains("keys: 1-4 sort", screen, StringComparison.Ordinal);
        Assert.True(pane.AlternateScreen, "the view must use the alternate screen");

        pane.SendKeys("3");
        pane.WaitForScreen(s => s.Contains("sorted by function", StringComparison.Ordinal) && LiveCommand.Rows(s) is [var first, ..] && first.Function == "<module>", "the rows sorted by function");
        pane.SendKeys("l");
        pane.WaitForScreen(s => s.Contains("by function ·", StringComparison.Ordinal) && LiveCommand.HasRow(s, "inner", path), "rows per function (file, no line)");
        pane.SendKeys("1", "l");
        pane.WaitForScreen(s => s.Contains("by line · sorted by own", StringComparison.Ordinal) && LiveCommand.Rows(s) is [var top, ..] && top.Location == inner, "inner on top again");

        pane.SendKeys("p");
        long paused = LiveCommand.Samples(pane.WaitForScreen(s => s.Contains("PAUSED", StringComparison.Ordinal), "the paused header"));
        Thread.Sleep(2500);
        Assert.Equal(paused, LiveCommand.Samples(pane.Capture()));
        pane.SendKeys("p");
        pane.WaitForScreen(s => !s.Contains("PAUSED", StringComparison.Ordinal) && LiveCommand.Samples(s) > paused, "sampling resumed");

        pane.SendKeys("q");
        (int status, string after) = pane.WaitForExit();
        Assert.True(status == 0, after);
        AssertRestored(pane, after);
        Tracee.AssertReleased(target.Pid, "q in the live view");
        target.AssertAliveAndNotStopped();
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void T_shows_one_thread_at_a_time_and_i_shows_where_idle_threads_wait(string interpreter)
    {
        using TargetProcess target = TargetProcess.Start(PythonInstallations.Get(interpreter), "threads.py");
        using TmuxPane pane = TmuxPane.Start(LiveCommand.Pyflame("--live", "-p", target.PidText), width: 250);
        string path = target.Script.Path;
        string workerSpin = $"{path}:{target.Script.Line("worker_spin_hot")}";
        string mainSpin = $"{path}:{target.Script.Line("main_hot")}";
        string sleeping = $"{path}:{target.Script.Line("worker_sleep_call")}";

        string all = pane.WaitForScreen(s => LiveCommand.HasRow(s, "spin_worker", workerSpin) && LiveCommand.HasRow(s, "main_spin", mainSpin), "both spinning threads");
        Assert.Contains("threads 3 ·", all, StringComparison.Ordinal);
        Assert.False(LiveCommand.HasRow(all, "sleep_worker", sleeping), $"idle threads are hidden by default\n{all}");

        string worker = ShowThread(pane, "worker-1");
        Assert.True(LiveCommand.HasRow(worker, "spin_worker", workerSpin), worker);
        Assert.False(LiveCommand.HasRow(worker, "main_spin", mainSpin), $"only worker-1's stacks\n{worker}");

        ShowThread(pane, "worker-2");
        pane.SendKeys("i");
        pane.WaitForScreen(s => s.Contains("(worker-2) · idle shown", StringComparison.Ordinal) && LiveCommand.HasRow(s, "sleep_worker", sleeping), "worker-2 waiting in sleep_worker");

        pane.SendKeys("q");
        (int status, string after) = pane.WaitForExit();
        Assert.True(status == 0, after);
        AssertRestored(pane, after);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void Ctrl_c_ends_the_view_and_restores_the_terminal(string interpreter) =>
        EndsAndRestores(interpreter, (pane, _) => pane.SendKeys("C-c"), expectNote: null);

    [Theory]
    [MemberData(nameof(Versions))]
    public void Sigterm_ends_the_view_and_restores_the_terminal(string interpreter) =>
        EndsAndRestores(interpreter, (pane, _) => NativeSignals.Send(PyflameIn(pane), 15), expectNote: null);

    [Theory]
    [MemberData(nameof(Versions))]
    public void The_target_exiting_ends_the_view_and_restores_the_terminal(string interpreter) =>
        EndsAndRestores(interpreter, (_, target) => NativeSignals.KillGroup(target.Pid), expectNote: "exited after");

    [Theory]
    [MemberData(nameof(Versions))]
    public void Trace_mode_shows_the_command_and_ends_with_its_status_when_it_exits(string interpreter)
    {
        PythonInstallation python = PythonInstallations.Get(interpreter);
        TargetScript script = TargetScript.Load("brief.py");
        string command = $"PYFLAME_E2E_BURN=600 {LiveCommand.Pyflame(["--live", "-t", .. python.Launch(script.Path)])}";
        using TmuxPane pane = TmuxPane.Start(command, width: 250);

        string screen = pane.WaitForScreen(s => LiveCommand.Rows(s) is [var top, ..] && top.Function == "burn" && top.Location == $"{script.Path}:{script.Line("burn_hot")}", "burn as the top row");
        // brief.py answers SIGTERM by exiting 40 + 15 on its own: the target exits, pyflame passes its status on.
        Assert.True(NativeSignals.Send(LiveCommand.TargetPid(screen), 15), screen);
        (int status, string after) = pane.WaitForExit();

        Assert.True(status == 55, $"pyflame must exit with the command's status 55\n{after}");
        AssertRestored(pane, after);
        Assert.DoesNotContain("brief: ", after, StringComparison.Ordinal); // the command's output went to /dev/null, not over the view
    }

    [Fact]
    public void With_seconds_and_an_output_file_it_ends_by_itself_and_writes_the_gil_holders_profile()
    {
        string interpreter = PythonInstallations.PresentNames().Last(n => n.StartsWith("pyenv-3", StringComparison.Ordinal));
        using TargetProcess target = TargetProcess.Start(PythonInstallations.Get(interpreter), "threads.py");
        string file = Path.Combine(Path.GetTempPath(), $"pyflame-e2e-{Guid.NewGuid():N}.folded");
        try
        {
            using TmuxPane pane = TmuxPane.Start(LiveCommand.Pyflame("--live", "-s", "4", "-o", file, "-p", target.PidText), width: 250);
            pane.WaitForScreen(s => LiveCommand.Rows(s).Count > 0, "the view");
            (int status, string after) = pane.WaitForExit();

            Assert.True(status == 0, after);
            AssertRestored(pane, after);
            string folded = File.ReadAllText(file);
            // GIL mode, as without --live: no thread roots, and the sleeping worker (never the GIL holder) is absent.
            Assert.Contains($"{target.Script.Path}:main_spin:{target.Script.Line("main_hot")} ", folded, StringComparison.Ordinal);
            Assert.DoesNotContain("(thread ", folded, StringComparison.Ordinal);
            Assert.DoesNotContain("sleep_worker", folded, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Help_documents_live_with_an_example()
    {
        ChildProcessResult result = PyflameRunner.Run("--help");

        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Contains("pyflame --live -p PID", result.StdoutText, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^\s*--live\s+\S", result.StdoutText);
    }

    [Fact]
    public void Q_in_trace_mode_ends_the_command()
    {
        string interpreter = PythonInstallations.PresentNames().Last(n => n.StartsWith("pyenv-3", StringComparison.Ordinal));
        PythonInstallation python = PythonInstallations.Get(interpreter);
        TargetScript script = TargetScript.Load("busy.py");
        using TmuxPane pane = TmuxPane.Start(LiveCommand.Pyflame(["--live", "-t", .. python.Launch(script.Path)]), width: 250);

        pane.WaitForScreen(s => LiveCommand.Rows(s) is [var top, ..] && top.Function == "inner", "inner as the top row");
        pane.SendKeys("q");
        (int status, string after) = pane.WaitForExit(TimeSpan.FromSeconds(20));

        Assert.True(status == 128 + 15, $"q ends the command with SIGTERM, whose status pyflame passes on\n{after}");
        AssertRestored(pane, after);
    }

    private static void EndsAndRestores(string interpreter, Action<TmuxPane, TargetProcess> end, string? expectNote)
    {
        using TargetProcess target = TargetProcess.Start(PythonInstallations.Get(interpreter), "busy.py");
        using TmuxPane pane = TmuxPane.Start(LiveCommand.Pyflame("--live", "-p", target.PidText), width: 250);
        pane.WaitForScreen(s => LiveCommand.Rows(s) is [var top, ..] && top.Function == "inner", "inner as the top row");

        end(pane, target);
        (int status, string after) = pane.WaitForExit(TimeSpan.FromSeconds(20));

        Assert.True(status == 0, after);
        AssertRestored(pane, after);
        if (expectNote is not null)
        {
            Assert.Contains($"pyflame: process {target.Pid} {expectNote}", after, StringComparison.Ordinal);
        }
        else
        {
            Tracee.AssertReleased(target.Pid, "ending the live view");
            target.AssertAliveAndNotStopped();
        }
    }

    /// <summary>Back on the main screen, cursor shown, line editing and echo on, and nothing of the view left on it.</summary>
    private static void AssertRestored(TmuxPane pane, string screen)
    {
        Assert.Contains("tty: icanon echo\n", screen, StringComparison.Ordinal);
        Assert.False(pane.AlternateScreen, $"still on the alternate screen:\n{screen}");
        Assert.True(pane.CursorVisible, $"the cursor is still hidden:\n{screen}");
        Assert.DoesNotContain("keys: 1-4", screen, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", screen, StringComparison.Ordinal);
    }

    /// <summary>Presses t until the view shows the thread named <paramref name="name"/>; each press redraws the view-choice line.</summary>
    private static string ShowThread(TmuxPane pane, string name)
    {
        static string Choices(string screen) => screen.Split('\n').FirstOrDefault(l => l.StartsWith("by ", StringComparison.Ordinal)) ?? "";
        string shown = Choices(pane.Capture());
        for (int press = 0; press < 6; press++)
        {
            pane.SendKeys("t");
            string previous = shown;
            string screen = pane.WaitForScreen(s => Choices(s) is { Length: > 0 } now && now != previous, "the next thread");
            shown = Choices(screen);
            if (shown.Contains($"({name}) ·", StringComparison.Ordinal))
            {
                return screen;
            }
        }

        Assert.Fail($"t never showed {name}; last: {shown}");
        return "";
    }

    private static int PyflameIn(TmuxPane pane)
    {
        string children = File.ReadAllText($"/proc/{pane.ShellPid}/task/{pane.ShellPid}/children").Trim();
        return int.Parse(children.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
    }
}
