using System.Diagnostics;
using Xunit.Abstractions;

namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>-d/--dump: every thread's current stack once, innermost first, then exit.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class DumpTests(ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(PythonInstallations.Present), MemberType = typeof(PythonInstallations))]
    public void Dump_prints_each_thread_once_with_exact_frames_innermost_first(string interpreter)
    {
        PythonInstallation python = PythonInstallations.Get(interpreter);
        using TargetProcess target = TargetProcess.Start(python, "threads.py");
        var expected = new ThreadsTarget(target.Script);
        var clock = Stopwatch.StartNew();
        ChildProcessResult result = PyflameRunner.Run("-d", "-p", target.PidText);
        output.WriteLine($"{interpreter}: pyflame -d took {clock.Elapsed.TotalMilliseconds:0} ms wall time (process start included)");

        Assert.True(result.ExitCode == 0, result.Describe());
        ProfileAssert.NoStackTrace(result);
        IReadOnlyList<DumpThread> threads = DumpOutput.Parse(result.StdoutText);
        Assert.True(threads.Count == 3, $"expected threads.py's 3 threads\n{result.Describe()}");
        Assert.Equal(threads.Count, threads.Select(t => t.Tid).Distinct().Count());
        HashSet<int> tasks = Tracee.ThreadIds(target.Pid);
        Assert.All(threads, t => Assert.Contains(t.Tid, tasks));
        Assert.True(threads.Count(t => t.HoldsGil) <= 1, $"more than one GIL holder\n{result.Describe()}");

        var byName = threads.ToDictionary(t => expected.Identify([.. t.Frames.Reverse()]) ?? $"unknown {t.Tid}");
        Assert.True(byName.ContainsKey(ThreadsTarget.MainName) && byName.ContainsKey(ThreadsTarget.SpinnerName) && byName.ContainsKey(ThreadsTarget.SleeperName),
            $"stacks are not threads.py's exact stacks (innermost first)\n{result.Describe()}");
        Assert.Equal([expected.MainLeaf, target.Script.Frame(ExpectedStacks.Module, "module_call")], byName[ThreadsTarget.MainName].Frames);
        DumpThread sleeper = byName[ThreadsTarget.SleeperName];
        Assert.True(sleeper.Idle && !sleeper.HoldsGil, $"the sleeping worker-2 must be idle and not hold the GIL\n{result.Describe()}");
        if (python.Kind == InterpreterKind.Executable)
        {
            Assert.Equal(target.Pid, byName[ThreadsTarget.MainName].Tid);
        }

        foreach (DumpThread thread in threads.Where(t => t.Name != "unnamed"))
        {
            Assert.True(byName[thread.Name] == thread, $"thread {thread.Tid} is named {thread.Name} but its stack is another thread's\n{result.Describe()}");
        }

        target.AssertAliveAndNotStopped();
    }

    [Theory]
    [MemberData(nameof(PythonInstallations.Representative), MemberType = typeof(PythonInstallations))]
    public void Dump_of_a_single_busy_thread_marks_it_as_the_gil_holder(string interpreter)
    {
        using TargetProcess target = TargetProcess.Start(PythonInstallations.Get(interpreter), "busy.py");
        ChildProcessResult result = PyflameRunner.Run("--dump", "-p", target.PidText);
        Assert.True(result.ExitCode == 0, result.Describe());
        DumpThread thread = Assert.Single(DumpOutput.Parse(result.StdoutText));
        Assert.True(thread.HoldsGil && !thread.Idle && thread.Tid == target.Pid, result.Describe());
        Assert.Equal(ExpectedStacks.Busy(target.Script).Reverse(), thread.Frames);
        target.AssertAliveAndNotStopped();
    }
}
