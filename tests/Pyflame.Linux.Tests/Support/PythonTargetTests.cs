using Pyflame.TestSupport;

namespace Pyflame.Linux.Tests.Support;

/// <summary>The harness's own promises: a target is not our child, leads its own group, and one that cannot start says why.</summary>
public sealed class PythonTargetTests
{
    [Fact]
    public void Target_is_a_group_leader_that_is_not_our_child_and_shows_both_streams()
    {
        using PythonTarget target = PythonTarget.Start("import sys, time\nsys.stderr.write('ON-STDERR\\n')\nprint('READY')\ntime.sleep(60)");
        Assert.Equal(target.Pid, ProcStat.TryRead(target.Pid)?.ProcessGroup);
        string parent = File.ReadAllText($"/proc/{target.Pid}/stat").Split(')')[^1].Split(' ')[2];
        Assert.NotEqual(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), parent);
        Assert.True(target.WaitForOutput("ON-STDERR", TimeSpan.FromSeconds(30)), target.Output);
    }

    [Fact]
    public void Target_that_exits_before_ready_fails_with_its_stderr()
    {
        InvalidOperationException failure = Assert.Throws<InvalidOperationException>(
            () => PythonTarget.Start("import sys\nsys.stderr.write('BOOM\\n')\nsys.exit(3)"));
        Assert.Contains("exited before printing READY", failure.Message, StringComparison.Ordinal);
        Assert.Contains("BOOM", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_interpreter_fails_with_one_message_naming_it()
    {
        InvalidOperationException failure = Assert.Throws<InvalidOperationException>(
            () => PythonTarget.Start("/nonexistent/python", "print('READY')", "READY"));
        Assert.Contains("/nonexistent/python", failure.Message, StringComparison.Ordinal);
        Assert.Contains("before printing READY", failure.Message, StringComparison.Ordinal);
    }
}
