namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>-s and -r against the built CLI: huge values are usage errors (they overflowed into exit 70), -r typed as Hz warns.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class TimingOptionTests
{
    private static PythonInstallation Python => PythonInstallations.Get("pyenv-3.11");

    [Theory]
    [InlineData("-s", "1e300")]
    [InlineData("-s", "1e12")]
    [InlineData("-r", "1e12")]
    public void Huge_seconds_or_rate_is_a_usage_error(string option, string value)
    {
        using TargetProcess target = TargetProcess.Start(Python, "busy.py");
        ChildProcessResult result = PyflameRunner.Run("-p", target.PidText, option, value);
        ProfileAssert.CliError(result);
        Assert.True(result.ExitCode == 2, result.Describe());
        Assert.Contains(option == "-s" ? "--seconds must be between 0 and" : "--rate is the interval between samples", result.Stderr, StringComparison.Ordinal);
        target.AssertAliveAndNotStopped();
    }

    [Fact]
    public void Rate_typed_as_hertz_takes_one_sample_with_a_warning()
    {
        using TargetProcess target = TargetProcess.Start(Python, "busy.py");
        ChildProcessResult result = PyflameRunner.Run("-p", target.PidText, "-r", "100");
        FoldedProfile profile = ProfileAssert.Succeeded(result);
        Assert.Equal(1, profile.TotalSamples);
        Assert.Equal("pyflame: warning: -r is the interval between samples in seconds, so -r 100 samples every 100 s (one sample in this 1 s run); did you mean -r 0.01 (100 Hz)?\n", result.Stderr);
        target.AssertAliveAndNotStopped();
    }

    [Theory]
    [InlineData("-d", "x.html")]
    [InlineData("-T", "x.svg")]
    public void Text_output_into_a_file_named_for_another_format_is_a_usage_error(string option, string file)
    {
        using TargetProcess target = TargetProcess.Start(Python, "busy.py");
        using TempDirectory dir = new();
        string path = Path.Join(dir.Path, file);
        ChildProcessResult result = PyflameRunner.Run(option, "-p", target.PidText, "-s", "0.1", "-o", path);
        ProfileAssert.CliError(result);
        Assert.True(result.ExitCode == 2, result.Describe());
        Assert.Contains($"but -o {path} names a file for --format", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(dir.Path));
    }
}
