namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>
/// A target in its own PID and mount namespaces whose interpreter and script paths exist only inside,
/// profiled from the host by its host PID: exact stacks with in-container paths, and host TIDs.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class ContainerTests
{
    public static TheoryData<string> Interpreters()
    {
        var data = new TheoryData<string>();
        foreach (string name in new[] { "pyenv-2.7", "pyenv-3.6", "pyenv-3.12", "pyenv-3.13", "debian-3.15" }.Where(n => PythonInstallations.PresentNames().Contains(n)))
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Interpreters))]
    public void Container_target_is_profiled_by_host_pid_with_in_container_paths_and_host_tids(string interpreter)
    {
        using ContainerTarget target = ContainerTarget.Start(PythonInstallations.Get(interpreter), "threads.py");
        Assert.False(File.Exists(target.Script.Path), $"{target.Script.Path} must not exist on the host, or the test proves nothing");
        Assert.NotEqual(1, target.Pid);
        var expected = new ThreadsTarget(target.Script);

        // Default mode: the GIL holder's stack, the main thread's or worker-1's, exact and with in-container paths.
        ChildProcessResult folded = PyflameRunner.Run("-p", target.PidText, "-s", Durations.Short);
        FoldedProfile profile = ProfileAssert.Succeeded(folded);
        Assert.True(profile.NonIdleSamples > 0 && profile.Stacks.All(s => expected.Identify(s.Frames) is ThreadsTarget.MainName or ThreadsTarget.SpinnerName),
            $"every stack must be threads.py's main or worker-1 stack, with in-container paths\n{profile.Summary()}\n{folded.Describe()}");
        Assert.True(profile.CountOf(expected.MainStack) > 0, $"the main thread's exact stack is missing\n{folded.Describe()}");

        // --threads: roots are host TIDs (the main thread's is the host pid, not 1), idle detection works.
        ChildProcessResult threads = PyflameRunner.Run("--threads", "-p", target.PidText, "-s", Durations.Threads);
        Dictionary<string, int> tids = ThreadsAssert.Grouped(ProfileAssert.Succeeded(threads), expected, target.Pid, excludeIdle: false, threads);
        Assert.Equal(target.Pid, tids[ThreadsTarget.MainName]);

        // -d: host TIDs too.
        ChildProcessResult dump = PyflameRunner.Run("-d", "-p", target.PidText);
        Assert.True(dump.ExitCode == 0, dump.Describe());
        IReadOnlyList<DumpThread> dumped = DumpOutput.Parse(dump.StdoutText);
        Assert.Equal(tids.Values.Order(), dumped.Select(t => t.Tid).Order());
        Assert.Equal([expected.MainLeaf, target.Script.Frame(ExpectedStacks.Module, "module_call")], dumped.Single(t => t.Tid == target.Pid).Frames);
        target.AssertAliveAndNotStopped();
    }
}
