namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>--mode gil, wall and cpu on threads.py (the main thread and worker-1 spin, worker-2 sleeps).</summary>
[Collection(EndToEndCollection.Name)]
public sealed class ProfilingModeTests
{
    [Theory]
    [MemberData(nameof(PythonInstallations.Spread), MemberType = typeof(PythonInstallations))]
    public void Each_mode_records_the_threads_it_promises(string interpreter)
    {
        using TargetProcess target = TargetProcess.Start(PythonInstallations.Get(interpreter), "threads.py");
        var expected = new ThreadsTarget(target.Script);

        // gil: only the GIL holder's stack, no thread roots; both spinners take turns holding it.
        ChildProcessResult gil = PyflameRunner.Run("--mode", "gil", "-s", Durations.Threads, "-p", target.PidText);
        FoldedProfile gilProfile = ProfileAssert.Succeeded(gil);
        Assert.All(gilProfile.Stacks, stack => Assert.True(
            expected.Identify(stack.Frames) is ThreadsTarget.MainName or ThreadsTarget.SpinnerName,
            $"not a spinner's exact stack: {stack.Joined}\n{gil.Describe()}"));
        Assert.True(gilProfile.NonIdleSamples > 0, gil.Describe());

        // wall is --threads: every thread in every sample, the sleeper under (idle).
        ChildProcessResult wall = PyflameRunner.Run("--mode", "wall", "-s", Durations.Threads, "-p", target.PidText);
        Dictionary<string, int> tids = ThreadsAssert.Grouped(ProfileAssert.Succeeded(wall), expected, target.Pid, excludeIdle: false, wall);

        // cpu: only threads on a CPU, never under an (idle) frame; the sleeper (almost) never.
        ChildProcessResult cpu = PyflameRunner.Run("--mode", "cpu", "-s", Durations.Threads, "-p", target.PidText);
        FoldedProfile cpuProfile = ProfileAssert.Succeeded(cpu);
        string context = $"{cpuProfile.Summary(12)}\n{cpu.Describe()}";
        long perThread(string name) => cpuProfile.Stacks
            .Where(s => ThreadRoot.Parse(s.Frames[0]).Tid == tids[name])
            .Sum(s => s.Count);
        Assert.All(cpuProfile.Stacks, stack =>
        {
            Assert.True(stack.Frames.Count > 1 && stack.Frames[1] != FoldedProfile.IdleLabel, $"cpu mode shows no idle thread: {stack.Joined}\n{context}");
            Assert.NotNull(expected.Identify([.. stack.Frames.Skip(1)]));
        });
        long total = perThread(ThreadsTarget.MainName) + perThread(ThreadsTarget.SpinnerName) + perThread(ThreadsTarget.SleeperName);
        Assert.True(perThread(ThreadsTarget.MainName) > 0 && perThread(ThreadsTarget.SpinnerName) > 0, $"a spinning thread is missing\n{context}");
        // A sample can catch the sleeper runnable right after the previous sample's ptrace interrupt woke it (see ThreadsAssert).
        Assert.True(perThread(ThreadsTarget.SleeperName) <= (1 - ProfileAssert.DominantShare) * total, $"the sleeping worker-2 was recorded as on a CPU\n{context}");
        target.AssertAliveAndNotStopped();
    }
}
