namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary><c>--abi</c> naming the target's real version must give the same exact stacks as detection.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class AbiOverrideTests
{
    [Theory]
    [MemberData(nameof(PythonInstallations.Present), MemberType = typeof(PythonInstallations))]
    public void Explicit_abi_of_the_right_version_profiles_correctly(string interpreter)
    {
        PythonInstallation python = PythonInstallations.Get(interpreter);
        using TargetProcess target = TargetProcess.Start(python, "busy.py");
        ChildProcessResult result = PyflameRunner.Run("--abi", python.Abi, "-p", target.PidText, "-s", Durations.Short);
        ProfileAssert.Dominated(ProfileAssert.Succeeded(result), ExpectedStacks.Busy(target.Script), result);
        target.AssertAliveAndNotStopped();
    }
}
