using Xunit.Abstractions;

namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>
/// Real code nobody here wrote (CPython's own test modules on every interpreter; Debian's pylint, sphinx and
/// mercurial on Debian's python3.11), profiled at 1 kHz in the default mode and with --blocking (the reference):
/// every stack is whole (rooted where a thread's stack really starts: the driver's &lt;module&gt; or threading's
/// _bootstrap, never a generator or coroutine cut from its callers), and at most 0.5 % of samples are (failed).
/// The leaf-function distance between the modes is printed, and measured by the benchmark.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class RealApplicationTests(ITestOutputHelper output)
{
    private const string Script = "real_code.py";
    private const string Seconds = "1.5";
    private const string Rate = "0.001";

    public static TheoryData<string, string> Workloads()
    {
        TheoryData<string, string> data = [];
        foreach (string interpreter in PythonInstallations.PresentNames())
        {
            data.Add(interpreter, "stdlib");
        }

        foreach (string application in RealApplications.Names)
        {
            data.Add(RealApplications.Interpreter, application);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Workloads))]
    public void Every_stack_is_whole_and_few_fail_in_both_modes(string interpreter, string workload)
    {
        Dictionary<string, string> environment = new() { ["PYFLAME_REAL_CODE"] = string.Join('\n', RealApplications.Arguments(workload)) };
        using TargetProcess target = TargetProcess.Start(PythonInstallations.Get(interpreter), Script, TimeSpan.FromSeconds(120), environment);
        FoldedProfile byDefault = Profile(target);
        FoldedProfile blocking = Profile(target, "--blocking");
        output.WriteLine($"{interpreter} {workload}: default {Describe(byDefault)}; --blocking {Describe(blocking)}; " +
                         $"leaf-function distance {LeafShares.Distance(byDefault, blocking):0.000}");
        target.AssertAliveAndNotStopped();
    }

    private FoldedProfile Profile(TargetProcess target, params string[] mode)
    {
        ChildProcessResult result = PyflameRunner.Run([.. mode, "-r", Rate, "-s", Seconds, "-p", target.PidText]);
        FoldedProfile profile = ProfileAssert.Succeeded(result);
        string[] roots = [$"{target.Script.Path}:<module>:", "threading.py:_bootstrap:"];
        List<FoldedStack> cut = [.. profile.Stacks.Where(s => !roots.Any(root => s.Frames[0].Contains(root, StringComparison.Ordinal)))];
        Assert.True(cut.Count == 0,
            $"stacks not rooted at the thread's first frame ({string.Join(' ', mode)}):\n  " +
            string.Join("\n  ", cut.Take(5).Select(s => $"{s.Joined} {s.Count}")) + $"\n{result.Describe()}");
        long failed = profile.FailedCount ?? 0;
        Assert.True(profile.TotalSamples >= 20, $"too few samples to judge\n{result.Describe()}");
        Assert.True(failed * 200 <= profile.TotalSamples,
            $"{failed} of {profile.TotalSamples} samples failed ({string.Join(' ', mode)}), more than 0.5 %\n{result.Describe()}");
        return profile;
    }

    private static string Describe(FoldedProfile profile) =>
        $"{profile.TotalSamples} samples, {profile.FailedCount ?? 0} failed, {profile.IdleCount ?? 0} idle";
}
