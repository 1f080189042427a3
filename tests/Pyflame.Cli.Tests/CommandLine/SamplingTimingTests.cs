using Pyflame.Cli.CommandLine;

namespace Pyflame.Cli.Tests.CommandLine;

/// <summary>-s and -r: the ranges that keep TimeSpan from overflowing, and the warning for -r typed as a frequency.</summary>
public class SamplingTimingTests
{
    [Theory]
    [InlineData("1e300", null)]
    [InlineData("1e12", null)]
    [InlineData("-1", null)]
    [InlineData("NaN", null)]
    [InlineData("Infinity", null)]
    [InlineData(null, "1e12")]
    [InlineData(null, "0")]
    [InlineData(null, "-0.01")]
    public void Out_of_range_values_are_usage_errors(string? seconds, string? rate)
    {
        UsageException error = Assert.Throws<UsageException>(() => SamplingTiming.Read(seconds, rate, traceMode: false));
        Assert.Contains(seconds is null ? "--rate" : "--seconds", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rate_like_a_frequency_warns_with_the_interval_meant()
    {
        SamplingTiming timing = SamplingTiming.Read(null, "100", traceMode: false);
        Assert.Equal(TimeSpan.FromSeconds(100), timing.Interval);
        Assert.Equal("pyflame: warning: -r is the interval between samples in seconds, so -r 100 samples every 100 s (one sample in this 1 s run); did you mean -r 0.01 (100 Hz)?", timing.Warning);
        Assert.Contains("did you mean -r 0.001 (1000 Hz)?", SamplingTiming.Read(null, "1000", traceMode: true).Warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Rate_not_shorter_than_the_run_warns_that_one_sample_is_taken()
    {
        Assert.Contains("only one sample is taken", SamplingTiming.Read("0.1", "0.5", traceMode: false).Warning, StringComparison.Ordinal);
        Assert.Null(SamplingTiming.Read("0", "0.5", traceMode: false).Warning); // -s 0 asks for one sample
        Assert.Null(SamplingTiming.Read("0.1", "0.5", traceMode: true).Warning); // -s is not used in trace mode
        Assert.Null(SamplingTiming.Read(null, null, traceMode: false).Warning);
        Assert.Null(SamplingTiming.Read("10", "1", traceMode: false).Warning);
    }
}
