namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>
/// The (gc) frame and the dump's garbage-collector state, on tests/targets/gc_spin.py, whose only thread spins
/// inside a garbage collection (in a weak reference callback) for good.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class GcTests
{
    [Theory]
    [MemberData(nameof(PythonInstallations.Present), MemberType = typeof(PythonInstallations))]
    public void Samples_taken_during_a_collection_carry_a_gc_frame_on_top_unless_no_gc(string interpreter)
    {
        using TargetProcess target = TargetProcess.Start(PythonInstallations.Get(interpreter), "gc_spin.py");
        string[] stack =
        [
            target.Script.Frame(ExpectedStacks.Module, "module_call"),
            target.Script.Frame("callback", "callback_call"),
            target.Script.Frame("spin_in_gc", "gc_spin_hot"),
        ];

        ChildProcessResult marked = PyflameRunner.Run("-s", Durations.Short, "-p", target.PidText);
        FoldedProfile withGc = ProfileAssert.Succeeded(marked);
        Assert.True(withGc.CountOf([.. stack, "(gc)"]) > 0 && withGc.CountOf(stack) == 0,
            $"every sample of the spinning callback must end in (gc)\n{withGc.Summary()}\n{marked.Describe()}");

        ChildProcessResult unmarked = PyflameRunner.Run("--no-gc", "-s", Durations.Short, "-p", target.PidText);
        FoldedProfile withoutGc = ProfileAssert.Succeeded(unmarked);
        Assert.True(withoutGc.CountOf(stack) > 0 && !withoutGc.Text.Contains("(gc)", StringComparison.Ordinal),
            $"--no-gc must leave the (gc) frame out\n{withoutGc.Summary()}\n{unmarked.Describe()}");
        target.AssertAliveAndNotStopped();
    }

    [Theory]
    [MemberData(nameof(PythonInstallations.Spread), MemberType = typeof(PythonInstallations))]
    public void Dump_says_the_collector_runs_and_which_thread_collects(string interpreter)
    {
        using TargetProcess target = TargetProcess.Start(PythonInstallations.Get(interpreter), "gc_spin.py");
        ChildProcessResult result = PyflameRunner.Run("-d", "-p", target.PidText);

        Assert.True(result.ExitCode == 0, result.Describe());
        (System.Text.RegularExpressions.Match process, IReadOnlyList<DumpThread> threads) = DumpOutput.ParseWithProcess(result.StdoutText);
        Assert.Equal("running", process.Groups["gc"].Value);
        DumpThread thread = Assert.Single(threads);
        Assert.True(thread.HoldsGil && thread.CollectingGarbage && !thread.Idle, result.Describe());
        Assert.Equal(["(gc)", target.Script.Frame("spin_in_gc", "gc_spin_hot"), target.Script.Frame("callback", "callback_call"),
            target.Script.Frame(ExpectedStacks.Module, "module_call")], thread.Frames);
        target.AssertAliveAndNotStopped();
    }
}
