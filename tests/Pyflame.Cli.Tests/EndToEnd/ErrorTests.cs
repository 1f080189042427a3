using System.Diagnostics;

namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>
/// Every user or environment error: exit code ≠ 0, exactly one non-empty stderr line, nothing on
/// stdout, no .NET stack trace. One interpreter is enough; the busy target supplies a valid pid so
/// that only the option under test is wrong.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class ErrorTests
{
    /// <summary>PID_MAX_LIMIT is 2^22 and pids are always below pid_max, so no process can have this pid.</summary>
    private const string ImpossiblePid = "4194304";

    private static PythonInstallation Python => PythonInstallations.Get("pyenv-3.11");

    [Fact]
    public void Pid_of_no_process_is_an_error() => ProfileAssert.CliError(PyflameRunner.Run("-p", ImpossiblePid, "-s", "0"));

    [Fact]
    public void Pid_that_is_not_a_number_is_an_error() => ProfileAssert.CliError(PyflameRunner.Run("-p", "abc", "-s", "0"));

    [Fact]
    public void Unknown_option_is_an_error()
    {
        using TargetProcess target = TargetProcess.Start(Python, "busy.py");
        ProfileAssert.CliError(PyflameRunner.Run("--no-such-option", "-p", target.PidText, "-s", "0"));
        target.AssertAliveAndNotStopped();
    }

    [Fact]
    public void Negative_seconds_is_an_error()
    {
        using TargetProcess target = TargetProcess.Start(Python, "busy.py");
        ProfileAssert.CliError(PyflameRunner.Run("-p", target.PidText, "-s", "-1"));
        target.AssertAliveAndNotStopped();
    }

    [Fact]
    public void Zero_rate_is_an_error()
    {
        using TargetProcess target = TargetProcess.Start(Python, "busy.py");
        ProfileAssert.CliError(PyflameRunner.Run("-p", target.PidText, "-s", "0.1", "-r", "0"));
        target.AssertAliveAndNotStopped();
    }

    [Fact]
    public void Process_that_is_not_python_is_an_error_and_keeps_running()
    {
        using Process sleep = Process.Start(new ProcessStartInfo("sleep", "30") { UseShellExecute = false })
            ?? throw new InvalidOperationException("could not start sleep");
        try
        {
            ProfileAssert.CliError(PyflameRunner.Run("-p", sleep.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "-s", "0"));
            ProcStat? stat = ProcStat.TryRead(sleep.Id);
            Assert.True(stat is { IsStopped: false, IsGone: false } && !sleep.HasExited, $"sleep was left in state {stat?.State}");
        }
        finally
        {
            sleep.Kill();
            sleep.WaitForExit(5000);
        }
    }
}
