namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>
/// The targets themselves, under every interpreter, without the CLI: they start, say READY, lead
/// their own process group, and the harness's "not stopped" check really catches a stopped target.
/// </summary>
public sealed class TargetProcessTests
{
    public static TheoryData<string, string> EveryTargetOnEveryInterpreter()
    {
        var data = new TheoryData<string, string>();
        foreach (string interpreter in PythonInstallations.PresentNames())
        {
            foreach (string script in new[] { "busy.py", "deep.py", "idle.py", "threads.py", "héllo_ünï_日本.py" })
            {
                data.Add(interpreter, script);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryTargetOnEveryInterpreter))]
    public void Target_starts_prints_ready_and_keeps_running(string interpreter, string script)
    {
        using TargetProcess target = TargetProcess.Start(PythonInstallations.Get(interpreter), script);
        Assert.Equal(target.Pid, ProcStat.TryRead(target.Pid)?.ProcessGroup);
        Thread.Sleep(100);
        target.AssertAliveAndNotStopped();
        Assert.Equal("", target.Stderr().Trim());
    }

    [Fact]
    public void Embedded_target_runs_python_off_the_main_thread_of_a_process_not_named_python()
    {
        using TargetProcess target = TargetProcess.Start(PythonInstallations.Get("embedded-3.11"), "busy.py");
        Assert.Equal("embed_host", File.ReadAllText($"/proc/{target.Pid}/comm").Trim());
        // Main thread waits in pthread_join (sleeping); the Python thread is a second task that spins.
        string[] tasks = Directory.GetDirectories($"/proc/{target.Pid}/task");
        Assert.Equal(2, tasks.Length);
        Assert.Equal('S', ProcStat.TryRead(target.Pid)!.State);
    }

    [Fact]
    public void Not_stopped_check_fails_for_a_stopped_target()
    {
        using TargetProcess target = TargetProcess.Start(PythonInstallations.Get("pyenv-3.11"), "idle.py");
        Assert.True(NativeSignals.Send(target.Pid, NativeSignals.SigStop));
        // The stop takes effect when the target next runs; on a loaded box that can take a moment.
        Assert.True(SpinWait.SpinUntil(() => ProcStat.TryRead(target.Pid)?.IsStopped == true, TimeSpan.FromSeconds(10)));
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(target.AssertAliveAndNotStopped);
        Assert.True(NativeSignals.Send(target.Pid, NativeSignals.SigCont));
        target.AssertAliveAndNotStopped();
    }

    [Fact]
    public void Dispose_kills_the_target()
    {
        int pid;
        using (TargetProcess target = TargetProcess.Start(PythonInstallations.Get("pyenv-3.11"), "busy.py"))
        {
            pid = target.Pid;
        }

        Assert.True(ProcStat.TryRead(pid) is null or { IsGone: true }, $"pid {pid} survived Dispose");
    }

    [Fact]
    public void Proc_stat_fields_are_counted_from_the_last_parenthesis() =>
        Assert.Equal(new ProcStat('t', 77, 1234 + 56), ProcStat.Parse("42 (a) b (c) t 1 77 77 0 -1 4194560 10 0 0 0 1234 56 0 0"));
}
