namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>--threads on threads.py (main thread and worker-1 spin, worker-2 sleeps), with and without -x.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class ThreadsTests
{
    [Theory]
    [MemberData(nameof(PythonInstallations.Present), MemberType = typeof(PythonInstallations))]
    public void Every_thread_is_sampled_under_its_own_root_and_exclude_idle_drops_the_sleeper(string interpreter)
    {
        PythonInstallation python = PythonInstallations.Get(interpreter);
        using TargetProcess target = TargetProcess.Start(python, "threads.py");
        var expected = new ThreadsTarget(target.Script);

        ChildProcessResult all = PyflameRunner.Run("--threads", "-s", Durations.Threads, "-p", target.PidText);
        Dictionary<string, int> tids = ThreadsAssert.Grouped(ProfileAssert.Succeeded(all), expected, target.Pid, excludeIdle: false, all);
        if (python.Kind == InterpreterKind.Executable)
        {
            Assert.Equal(target.Pid, tids[ThreadsTarget.MainName]);
        }

        ChildProcessResult busy = PyflameRunner.Run("--threads", "-x", "-s", Durations.Short, "-p", target.PidText);
        Dictionary<string, int> busyTids = ThreadsAssert.Grouped(ProfileAssert.Succeeded(busy), expected, target.Pid, excludeIdle: true, busy);
        Assert.Equal(tids[ThreadsTarget.MainName], busyTids[ThreadsTarget.MainName]);
        Assert.Equal(tids[ThreadsTarget.SpinnerName], busyTids[ThreadsTarget.SpinnerName]);
        target.AssertAliveAndNotStopped();
    }
}
