using System.CommandLine;
using System.Text;
using Pyflame.Cli.CommandLine;
using Pyflame.Cli.Console;
using Pyflame.Output.Formats;

namespace Pyflame.Cli.Tests.CommandLine;

/// <summary>--format, --icicle and the format implied by -o: values, defaults and the exact usage errors.</summary>
public class FormatOptionTests
{
    private static ProfileRequest Read(params string[] args) =>
        ProfileRequestReader.Read(PyflameOptions.CreateRootCommand().Parse(args), traceCommand: null);

    private static (int ExitCode, string Stderr) Run(params string[] args)
    {
        var console = new FakeConsole();
        int exitCode = CliApp.Run(args, console);
        return (exitCode, console.Error.ToString()!);
    }

    [Theory]
    [InlineData("profile.svg", OutputFormat.Svg)]
    [InlineData("profile.html", OutputFormat.Html)]
    [InlineData("profile.speedscope.json", OutputFormat.Speedscope)]
    [InlineData("profile.cpuprofile", OutputFormat.CpuProfile)]
    [InlineData("profile.json", OutputFormat.ChromeTrace)]
    [InlineData("profile.trace.json", OutputFormat.ChromeTrace)]
    [InlineData("profile.pb.gz", OutputFormat.Pprof)]
    [InlineData("profile.pprof", OutputFormat.Pprof)]
    [InlineData("profile.txt", OutputFormat.Folded)]
    [InlineData("profile.folded", OutputFormat.Folded)]
    [InlineData("PROFILE.SVG", OutputFormat.Svg)]
    [InlineData("profile", OutputFormat.Folded)]
    [InlineData("profile.data", OutputFormat.Folded)]
    public void OutputExtension_ImpliesTheFormat(string path, OutputFormat expected) =>
        Assert.Equal(expected, Read("-o", path, "-p", "1").Format);

    [Fact]
    public void Defaults_FoldedOnStdout_ExplicitFormatWinsOverTheExtension()
    {
        Assert.Equal(OutputFormat.Folded, Read("-p", "1").Format);
        Assert.Equal(OutputFormat.Folded, Read("--format", "folded", "-o", "x.svg", "-p", "1").Format);
        Assert.Equal(OutputFormat.Pprof, Read("--format", "PPROF", "-p", "1").Format);
        Assert.Equal(OutputFormat.ChromeTrace, Read("--format", "chrome-trace", "-o", "x.txt", "-p", "1").Format);
        Assert.True(Read("--format", "svg", "--icicle", "-p", "1").Icicle);
    }

    /// <summary>-d and -T write text; a name that implies nothing (or .txt/.folded) keeps it.</summary>
    [Fact]
    public void TimestampsAndDump_WriteTextToAFileNamedForText()
    {
        ProfileRequest timestamps = Read("-T", "-o", "chart.txt", "-p", "1");
        Assert.True(timestamps.Timestamps);
        Assert.Equal(OutputFormat.Folded, timestamps.Format);
        Assert.Equal(OutputFormat.Folded, Read("-d", "-o", "dump", "-p", "1").Format);
    }

    [Theory]
    [InlineData("pyflame: unknown --format 'flamegraph'; choose one of: folded, svg, html, speedscope, cpuprofile, chrome-trace, pprof (see pyflame --help)",
        "--format", "flamegraph", "-p", "1")]
    [InlineData("pyflame: -d/--dump prints a text snapshot of the stacks and cannot be combined with --format svg (see pyflame --help)",
        "-d", "--format", "svg", "-p", "1")]
    [InlineData("pyflame: -T/--timestamp writes its own timestamped text and cannot be combined with --format speedscope; for a time-ordered file use --format chrome-trace, speedscope or cpuprofile without -T (see pyflame --help)",
        "-T", "--format", "speedscope", "-p", "1")]
    // A usage error rather than a warning: the file would hold text that its viewer cannot open, and a rename costs nothing.
    [InlineData("pyflame: -d/--dump prints a text snapshot, but -o dump.svg names a file for --format svg; write it to a .txt file, or drop -d for a svg profile (see pyflame --help)",
        "-d", "-o", "dump.svg", "-p", "1")]
    [InlineData("pyflame: -T/--timestamp writes timestamped text, but -o chart.json names a file for --format chrome-trace; write it to a .txt file, or drop -T for a chrome-trace profile (see pyflame --help)",
        "-T", "-o", "chart.json", "-p", "1")]
    [InlineData("pyflame: --seconds must be between 0 and 31536000 (a year), got 1e300; to profile until you stop it, press Ctrl-C or use -t (see pyflame --help)",
        "-s", "1e300", "-p", "1")]
    [InlineData("pyflame: --rate is the interval between samples in seconds and must be more than 0 and at most 31536000 (got 1e12); e.g. -r 0.001 for 1 kHz (see pyflame --help)",
        "-r", "1e12", "-p", "1")]
    [InlineData("pyflame: --icicle applies only to --format svg or html (the format is pprof) (see pyflame --help)",
        "--icicle", "-o", "x.pb.gz", "-p", "1")]
    public void BadCombinations_AreUsageErrorsWithOneExactLine(string expected, params string[] args)
    {
        (int exitCode, string stderr) = Run(args);
        Assert.Equal(2, exitCode);
        Assert.Equal(expected + "\n", stderr.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Fact]
    public void Help_ListsFormatsWithTheDefault()
    {
        var console = new FakeConsole();
        using var output = new StringWriter();
        TextWriter original = System.Console.Out;
        System.Console.SetOut(output);
        try
        {
            Assert.Equal(0, CliApp.Run(["--help"], console));
        }
        finally
        {
            System.Console.SetOut(original);
        }

        string help = output.ToString();
        Assert.Contains("--format <FORMAT>", help, StringComparison.Ordinal);
        Assert.Contains("chrome-trace", help, StringComparison.Ordinal);
        Assert.Contains("[default: from the -o file's extension", help, StringComparison.Ordinal);
        Assert.Contains("--icicle", help, StringComparison.Ordinal);
    }
}
