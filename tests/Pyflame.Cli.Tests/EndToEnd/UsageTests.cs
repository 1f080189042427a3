using System.Text.RegularExpressions;

namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>Usage errors, --help against the man page's options, and -v.</summary>
[Collection(EndToEndCollection.Name)]
public sealed partial class UsageTests
{
    [Theory]
    [InlineData("-p", "1", "-t", "python3")]
    [InlineData("--pid=1", "--trace", "python3")]
    [InlineData("-d", "-t", "python3")]
    [InlineData("--dump", "-p", "1", "-t", "python3")]
    [InlineData("-t")]
    public void Trace_with_pid_or_dump_or_without_a_command_is_a_usage_error(params string[] arguments)
    {
        ChildProcessResult result = PyflameRunner.Run(arguments);
        ProfileAssert.CliError(result);
        Assert.True(result.ExitCode == 2, $"usage errors exit 2\n{result.Describe()}");
        Assert.Contains("-t", result.Stderr, StringComparison.Ordinal);
    }

    /// <summary>The options of pyflame(1) (/work/shared/seeds/001_*.txt), each with a [default: ...] where it has one.</summary>
    [Fact]
    public void Help_lists_every_man_page_option_with_its_default()
    {
        ChildProcessResult result = PyflameRunner.Run("--help");
        Assert.True(result.ExitCode == 0, result.Describe());
        string help = result.StdoutText;
        // The option list, not the examples above it (which name options too).
        string[] lines = [.. help.Split('\n').SkipWhile(l => !l.StartsWith("Options:", StringComparison.Ordinal))];
        (string[] Names, bool HasDefault)[] options =
        [
            (["-p", "--pid"], false), (["-t", "--trace"], false), (["-h", "--help"], false), (["-v", "--version"], false),
            (["-d", "--dump"], true), (["-o", "--output"], true), (["-s", "--seconds"], true), (["-r", "--rate"], true),
            (["-x", "--exclude-idle"], true), (["--threads"], true), (["--abi"], true), (["-T", "--timestamp", "--flamechart"], true),
        ];
        foreach ((string[] names, bool hasDefault) in options)
        {
            string? line = lines.FirstOrDefault(l => names.All(n => OptionName(n).IsMatch(l)));
            Assert.True(line is not null, $"--help has no line naming {string.Join(", ", names)}\n{help}");
            Assert.True(!hasDefault || line.Contains("[default: ", StringComparison.Ordinal), $"--help does not give the default of {names[0]}: {line}");
        }

        Assert.Contains("[default: 1]", lines.First(l => l.Contains("--seconds", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("[default: 0.01]", lines.First(l => l.Contains("--rate", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-v")]
    [InlineData("--version")]
    public void Version_prints_one_line_with_the_version(string option)
    {
        ChildProcessResult result = PyflameRunner.Run(option);
        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Matches(VersionLine(), result.StdoutText);
        Assert.Equal("", result.Stderr);
    }

    /// <summary>Built from a git checkout (as the tests are), the version names the commit the binary was built from.</summary>
    [Fact]
    public void Version_names_the_commit_it_was_built_from()
    {
        ChildProcessResult head = ChildProcess.Run("git", ["-C", RepoPaths.Root, "rev-parse", "HEAD"], PyflameRunner.DefaultTimeout);
        Assert.True(head.ExitCode == 0, $"the tests run from a git checkout\n{head.Describe()}");
        ChildProcessResult result = PyflameRunner.Run("--version");
        Assert.EndsWith($" (commit {head.StdoutText.Trim()[..12]})\n", result.StdoutText, StringComparison.Ordinal);
    }

    private static Regex OptionName(string name) => new($@"(^|[\s,]){Regex.Escape(name)}([\s,=<]|$)");

    [GeneratedRegex(@"^pyflame \d+\.\d+\.\d+( \(commit [0-9a-f]{12}\))?\n$")]
    private static partial Regex VersionLine();
}
