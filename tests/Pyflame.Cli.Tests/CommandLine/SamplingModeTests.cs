using Pyflame.Cli.CommandLine;
using Pyflame.Cli.Console;
using Pyflame.Core.Python;
using Pyflame.Core.Sampling;

namespace Pyflame.Cli.Tests.CommandLine;

/// <summary>--blocking, --nonblocking, and the default chosen per Python version (<see cref="SamplingModeChoice"/>).</summary>
public class SamplingModeTests
{
    private static ProfileRequest Read(params string[] args) =>
        ProfileRequestReader.Read(PyflameOptions.CreateRootCommand().Parse(args), traceCommand: null);

    [Theory]
    [InlineData(2, 7, PausePolicy.Always)]
    [InlineData(3, 6, PausePolicy.Always)]
    [InlineData(3, 10, PausePolicy.Always)]
    [InlineData(3, 11, PausePolicy.WhenTorn)]
    [InlineData(3, 12, PausePolicy.WhenTorn)]
    [InlineData(3, 13, PausePolicy.WhenTorn)]
    [InlineData(3, 15, PausePolicy.WhenTorn)]
    public void By_default_samples_pause_before_3_11_and_only_when_torn_from_3_11_on(int major, int minor, PausePolicy policy) =>
        Assert.Equal(policy, SamplingModeChoice.PolicyFor(Read("-p", "1"), new PythonVersion(major, minor)));

    [Fact]
    public void An_abi_without_a_patch_level_still_counts_as_its_minor_version() =>
        Assert.Equal(PausePolicy.WhenTorn, SamplingModeChoice.PolicyFor(Read("-p", "1"), new PythonVersion(3, 11, PythonVersion.UnknownPatch)));

    [Fact]
    public void A_dump_pauses_on_every_version() =>
        Assert.Equal(PausePolicy.Always, SamplingModeChoice.PolicyFor(Read("-d", "-p", "1"), new PythonVersion(3, 12)));

    [Theory]
    [InlineData("--blocking", 3, 12, PausePolicy.Always)]
    [InlineData("--nonblocking", 3, 12, PausePolicy.Never)]
    [InlineData("--nonblocking", 3, 9, PausePolicy.Never)]
    [InlineData("--nonblocking", 2, 7, PausePolicy.Never)]
    public void An_explicit_mode_wins_over_the_version(string option, int major, int minor, PausePolicy policy) =>
        Assert.Equal(policy, SamplingModeChoice.PolicyFor(Read(option, "-p", "1"), new PythonVersion(major, minor)));

    [Fact]
    public void Both_modes_at_once_are_a_usage_error_with_one_line()
    {
        FakeConsole console = new();

        int exitCode = CliApp.Run(["--blocking", "--nonblocking", "-p", "1"], console);

        Assert.Equal(2, exitCode);
        Assert.Equal(
            "pyflame: --blocking and --nonblocking cannot be combined: pick one (or neither, to let pyflame choose per Python version) (see pyflame --help)\n",
            console.Error.ToString()!.Replace("\r\n", "\n", StringComparison.Ordinal));
    }
}
