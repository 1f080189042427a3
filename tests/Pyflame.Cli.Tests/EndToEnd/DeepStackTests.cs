namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>deep.py: a 160-deep recursion must come out whole (163 frames), not truncated or merged.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class DeepStackTests
{
    [Theory]
    [MemberData(nameof(PythonInstallations.Present), MemberType = typeof(PythonInstallations))]
    public void The_full_recursive_stack_is_the_dominant_line(string interpreter)
    {
        using TargetProcess target = TargetProcess.Start(PythonInstallations.Get(interpreter), "deep.py");
        ChildProcessResult result = PyflameRunner.Run("-p", target.PidText, "-s", Durations.Short);
        FoldedProfile profile = ProfileAssert.Succeeded(result);
        IReadOnlyList<string> expected = ExpectedStacks.Deep(target.Script);
        Assert.Equal(target.Script.Value("depth") + 3, expected.Count);
        Assert.True(profile.Dominant is not null, $"no stacks at all\n{result.Describe()}");
        Assert.True(profile.Dominant.HasFrames(expected),
            $"dominant line has {profile.Dominant.Frames.Count} frames, expected {expected.Count}; {profile.Summary()}");
        ProfileAssert.Dominated(profile, expected, result);
        target.AssertAliveAndNotStopped();
    }
}
