namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>idle.py: the only thread sleeps without the GIL, so samples are "(idle)"; -x drops them.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class IdleTests
{
    private const string Script = "idle.py";

    [Theory]
    [MemberData(nameof(PythonInstallations.Present), MemberType = typeof(PythonInstallations))]
    public void Sleeping_target_is_reported_as_idle(string interpreter)
    {
        using TargetProcess target = TargetProcess.Start(PythonInstallations.Get(interpreter), Script);
        ChildProcessResult result = PyflameRunner.Run("-p", target.PidText, "-s", Durations.Short);
        FoldedProfile profile = ProfileAssert.Succeeded(result);
        Assert.True(profile.IdleCount is not null, $"no (idle) line\n{profile.Summary()}\n{result.Describe()}");
        Assert.True(profile.IdleCount >= ProfileAssert.DominantShare * profile.TotalSamples,
            $"(idle) is not dominant; {profile.Summary()}\n{result.Describe()}");
        target.AssertAliveAndNotStopped();
    }

    [Theory]
    [MemberData(nameof(PythonInstallations.Present), MemberType = typeof(PythonInstallations))]
    public void Exclude_idle_option_drops_the_idle_line(string interpreter)
    {
        using TargetProcess target = TargetProcess.Start(PythonInstallations.Get(interpreter), Script);
        ChildProcessResult result = PyflameRunner.Run("-p", target.PidText, "-s", Durations.Short, "-x");
        FoldedProfile profile = ProfileAssert.Succeeded(result);
        Assert.True(profile.IdleCount is null, $"-x still printed an (idle) line\n{result.Describe()}");
        target.AssertAliveAndNotStopped();
    }
}
