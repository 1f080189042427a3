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

    public static TheoryData<string, string> SelfDescribingWithAnotherAbi()
    {
        var data = new TheoryData<string, string>();
        foreach ((string name, string abi) in new[] { ("pyenv-3.13", "312"), ("debian-3.14", "3.13"), ("debian-3.15", "3.14") })
        {
            if (PythonInstallations.PresentNames().Contains(name))
            {
                data.Add(name, abi);
            }
        }

        return data;
    }

    /// <summary>
    /// From 3.13 on the interpreter describes itself (_Py_DebugOffsets): an --abi naming another version is refused in one
    /// line instead of forcing a wrong layout (which gave exit 0 and a profile of nothing but "(idle)").
    /// </summary>
    [Theory]
    [MemberData(nameof(SelfDescribingWithAnotherAbi))]
    public void Abi_of_another_version_is_refused_when_the_target_describes_itself(string interpreter, string abi)
    {
        PythonInstallation python = PythonInstallations.Get(interpreter);
        using TargetProcess target = TargetProcess.Start(python, "busy.py");
        ChildProcessResult result = PyflameRunner.Run("--abi", abi, "-p", target.PidText, "-s", Durations.Short);
        Assert.True(result.ExitCode == 1, $"expected exit 1\n{result.Describe()}");
        Assert.True(result.Stdout.Length == 0, $"no profile may be written\n{result.Describe()}");
        string[] lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1 && lines[0].Contains("--abi ", StringComparison.Ordinal)
            && lines[0].Contains($"describes itself as Python {python.Major}.{python.Minor}.", StringComparison.Ordinal),
            $"expected one line naming --abi and the real version\n{result.Describe()}");
        target.AssertAliveAndNotStopped();
    }
}
