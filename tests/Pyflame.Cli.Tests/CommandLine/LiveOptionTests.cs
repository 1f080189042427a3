using Pyflame.Cli.CommandLine;
using Pyflame.Cli.Session;

namespace Pyflame.Cli.Tests.CommandLine;

/// <summary>--live: what it combines with, how long it runs, and that it needs a terminal.</summary>
public class LiveOptionTests
{
    private static ProfileRequest Read(params string[] args) =>
        ProfileRequestReader.Read(PyflameOptions.CreateRootCommand().Parse(args), traceCommand: null);

    [Fact]
    public void Runs_until_stopped_unless_seconds_are_given()
    {
        Assert.Null(RunDisplay.Duration(Read("--live", "-p", "1")));
        Assert.Equal(TimeSpan.FromSeconds(5), RunDisplay.Duration(Read("--live", "-s", "5", "-p", "1")));
        Assert.Equal(TimeSpan.FromSeconds(1), RunDisplay.Duration(Read("-p", "1")));
    }

    [Fact]
    public void Samples_every_thread()
    {
        Assert.True(RunDisplay.SamplesAllThreads(Read("--live", "-p", "1")));
        Assert.False(RunDisplay.SamplesAllThreads(Read("-p", "1")));
    }

    [Theory]
    [InlineData("-d", "-d/--dump")]
    [InlineData("-T", "-T/--timestamp")]
    public void Dump_and_timestamps_are_usage_errors(string option, string named)
    {
        UsageException error = Assert.Throws<UsageException>(() => Read("--live", option, "-p", "1"));
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_terminal_it_says_so_and_exits_2()
    {
        FakeConsole console = new();

        int status = CliApp.Run(["--live", "-p", "1"], console);

        Assert.Equal(2, status);
        Assert.Equal("pyflame: --live needs a terminal (stdin and stdout); to record without one, drop --live and use -o FILE (see pyflame --help)\n", console.Error.ToString());
    }
}
