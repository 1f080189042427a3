using Pyflame.Cli.CommandLine;
using Pyflame.Cli.Console;
using Pyflame.Core.Python;

namespace Pyflame.Cli.Tests.CommandLine;

/// <summary>--blocking, --nonblocking, and the default chosen per Python version (<see cref="SamplingModeChoice"/>).</summary>
public class SamplingModeTests
{
    private static ProfileRequest Read(params string[] args) =>
        ProfileRequestReader.Read(PyflameOptions.CreateRootCommand().Parse(args), traceCommand: null);

    [Theory]
    [InlineData(2, 7, true)]
    [InlineData(3, 6, true)]
    [InlineData(3, 10, true)]
    [InlineData(3, 11, true)]
    [InlineData(3, 12, true)]
    [InlineData(3, 13, true)]
    [InlineData(3, 15, true)]
    public void By_default_every_version_is_paused(int major, int minor, bool pauses) =>
        Assert.Equal(pauses, SamplingModeChoice.PausesThreads(Read("-p", "1"), new PythonVersion(major, minor)));

    [Fact]
    public void An_abi_without_a_patch_level_still_counts_as_its_minor_version() =>
        Assert.True(SamplingModeChoice.PausesThreads(Read("-p", "1"), new PythonVersion(3, 11, PythonVersion.UnknownPatch)));

    [Fact]
    public void A_dump_pauses_on_every_version() =>
        Assert.True(SamplingModeChoice.PausesThreads(Read("-d", "-p", "1"), new PythonVersion(3, 12)));

    [Theory]
    [InlineData("--blocking", 3, 12, true)]
    [InlineData("--nonblocking", 3, 9, false)]
    [InlineData("--nonblocking", 2, 7, false)]
    public void An_explicit_mode_wins_over_the_version(string option, int major, int minor, bool pauses) =>
        Assert.Equal(pauses, SamplingModeChoice.PausesThreads(Read(option, "-p", "1"), new PythonVersion(major, minor)));

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
