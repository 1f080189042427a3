namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>
/// 2000 threads: an all-threads sample takes longer than the interval asked for, so fewer samples are taken
/// than the rate asks; pyflame says so (and what to do) instead of quietly returning a handful of samples.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class ManyThreadsTests
{
    [Theory]
    [MemberData(nameof(PythonInstallations.Representative), MemberType = typeof(PythonInstallations))]
    public void Too_few_samples_for_the_rate_asked_are_reported_with_what_to_do(string interpreter)
    {
        using TargetProcess target = TargetProcess.Start(PythonInstallations.Get(interpreter), "many_threads.py", TimeSpan.FromSeconds(60));
        ChildProcessResult result = PyflameRunner.Run("--blocking", "--threads", "-r", "0.0005", "-s", "2", "-p", target.PidText);

        FoldedProfile profile = ProfileAssert.Succeeded(result);
        Assert.True(profile.Stacks.Count > 0, result.Describe());
        Assert.Matches(@"pyflame: took \d+ samples in [\d.]+ s where the rate 0\.0005 s asks for \d+: a sample took about [\d.]+ (ms|µs) here; use a longer -r or --nonblocking", result.Stderr);
        target.AssertAliveAndNotStopped();
    }
}
