namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary><c>pyflame -p PID</c> against busy.py (a fixed 4-frame stack spinning on one line) on every interpreter.</summary>
[Collection(EndToEndCollection.Name)]
public sealed partial class BusyTargetTests
{
    private const string Script = "busy.py";

    [Theory]
    [MemberData(nameof(PythonInstallations.Present), MemberType = typeof(PythonInstallations))]
    public void Short_pid_option_reports_the_exact_busy_stack_for_most_samples(string interpreter)
    {
        using TargetProcess target = TargetProcess.Start(PythonInstallations.Get(interpreter), Script);
        ChildProcessResult result = PyflameRunner.Run("-p", target.PidText, "-s", Durations.Short);
        FoldedProfile profile = ProfileAssert.Succeeded(result);
        ProfileAssert.Dominated(profile, ExpectedStacks.Busy(target.Script), result);
        target.AssertAliveAndNotStopped();
    }

    [Theory]
    [MemberData(nameof(PythonInstallations.Present), MemberType = typeof(PythonInstallations))]
    public void Long_pid_option_with_equals_sign_works(string interpreter)
    {
        using TargetProcess target = TargetProcess.Start(PythonInstallations.Get(interpreter), Script);
        ChildProcessResult result = PyflameRunner.Run($"--pid={target.PidText}", "--seconds", Durations.Short);
        ProfileAssert.Dominated(ProfileAssert.Succeeded(result), ExpectedStacks.Busy(target.Script), result);
        target.AssertAliveAndNotStopped();
    }

    [Theory]
    [MemberData(nameof(PythonInstallations.Present), MemberType = typeof(PythonInstallations))]
    public void Trailing_bare_pid_works_and_warns_that_it_is_deprecated(string interpreter)
    {
        using TargetProcess target = TargetProcess.Start(PythonInstallations.Get(interpreter), Script);
        ChildProcessResult result = PyflameRunner.Run("-s", Durations.Short, target.PidText);
        ProfileAssert.Dominated(ProfileAssert.Succeeded(result), ExpectedStacks.Busy(target.Script), result);
        Assert.True(result.Stderr.Contains("deprecat", StringComparison.OrdinalIgnoreCase),
            $"expected a deprecation warning on stderr\n{result.Describe()}");
        target.AssertAliveAndNotStopped();
    }

    [Theory]
    [MemberData(nameof(PythonInstallations.Present), MemberType = typeof(PythonInstallations))]
    public void No_line_numbers_option_prints_file_and_function_only(string interpreter)
    {
        using TargetProcess target = TargetProcess.Start(PythonInstallations.Get(interpreter), Script);
        ChildProcessResult result = PyflameRunner.Run("-p", target.PidText, "-s", Durations.Short, "-n");
        FoldedProfile profile = ProfileAssert.Succeeded(result);
        ProfileAssert.Dominated(profile, ExpectedStacks.BusyWithoutLines(target.Script), result);
        Assert.DoesNotContain(profile.Stacks.SelectMany(s => s.Frames), f => LineSuffix().IsMatch(f));
        target.AssertAliveAndNotStopped();
    }

    [Theory]
    [MemberData(nameof(PythonInstallations.Present), MemberType = typeof(PythonInstallations))]
    public void Output_option_writes_the_profile_to_the_file_and_nothing_to_stdout(string interpreter)
    {
        using TargetProcess target = TargetProcess.Start(PythonInstallations.Get(interpreter), Script);
        string file = Path.Combine(Path.GetTempPath(), $"pyflame-e2e-{Guid.NewGuid():N}.folded");
        try
        {
            ChildProcessResult result = PyflameRunner.Run("-p", target.PidText, "-s", Durations.Short, "-o", file);
            Assert.True(result.ExitCode == 0, result.Describe());
            Assert.True(result.Stdout.Length == 0, $"expected nothing on stdout with -o\n{result.Describe()}");
            Assert.True(File.Exists(file), $"{file} was not written\n{result.Describe()}");
            FoldedProfile profile = ProfileAssert.Parse(File.ReadAllBytes(file), result);
            ProfileAssert.Dominated(profile, ExpectedStacks.Busy(target.Script), result);
        }
        finally
        {
            File.Delete(file);
        }

        target.AssertAliveAndNotStopped();
    }

    [Theory]
    [MemberData(nameof(PythonInstallations.Present), MemberType = typeof(PythonInstallations))]
    public void Zero_seconds_takes_exactly_one_sample_of_the_busy_stack(string interpreter)
    {
        using TargetProcess target = TargetProcess.Start(PythonInstallations.Get(interpreter), Script);
        ChildProcessResult result = PyflameRunner.Run("-p", target.PidText, "-s", "0");
        FoldedProfile profile = ProfileAssert.Succeeded(result);
        Assert.True(profile.TotalSamples == 1, $"expected exactly one sample; {profile.Summary()}\n{result.Describe()}");
        Assert.True(profile.CountOf(ExpectedStacks.Busy(target.Script)) == 1, $"the one sample is not the busy stack\n{result.Describe()}");
        target.AssertAliveAndNotStopped();
    }

    [Theory]
    [MemberData(nameof(PythonInstallations.Present), MemberType = typeof(PythonInstallations))]
    public void Output_uses_lf_line_endings_only(string interpreter)
    {
        using TargetProcess target = TargetProcess.Start(PythonInstallations.Get(interpreter), Script);
        ChildProcessResult result = PyflameRunner.Run("-p", target.PidText, "-s", "0.2");
        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.DoesNotContain((byte)'\r', result.Stdout);
        Assert.True(result.Stdout.Length > 0 && result.Stdout[^1] == (byte)'\n', $"output must end with LF\n{result.Describe()}");
        target.AssertAliveAndNotStopped();
    }

    [Theory]
    [MemberData(nameof(PythonInstallations.Present), MemberType = typeof(PythonInstallations))]
    public void Rate_option_sets_the_interval_between_samples(string interpreter)
    {
        using TargetProcess target = TargetProcess.Start(PythonInstallations.Get(interpreter), Script);
        ChildProcessResult result = PyflameRunner.Run("-p", target.PidText, "-s", Durations.Short, "-r", "0.1");
        FoldedProfile profile = ProfileAssert.Succeeded(result);
        // 0.5 s every 0.1 s on average: about 6 samples; each interval is at least half the rate (jitter, see Sampler),
        // so never more than the 11 that fit at 0.05 s, and the default 0.01 s would give ~50.
        Assert.True(profile.TotalSamples is >= 2 and <= 11, $"expected 2..11 samples at -r 0.1; {profile.Summary()}\n{result.Describe()}");
        ProfileAssert.Dominated(profile, ExpectedStacks.Busy(target.Script), result);
        target.AssertAliveAndNotStopped();
    }

    [System.Text.RegularExpressions.GeneratedRegex(@":\d+$")]
    private static partial System.Text.RegularExpressions.Regex LineSuffix();
}
