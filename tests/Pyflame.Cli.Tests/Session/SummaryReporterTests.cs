using Pyflame.Cli.Session;
using Pyflame.Core.Sampling;

namespace Pyflame.Cli.Tests.Session;

/// <summary>The note on a run that fell behind the rate asked for: figures a person can read, advice that applies.</summary>
public sealed class SummaryReporterTests
{
    private static SamplingSummary Took(int samples, double seconds) =>
        new(samples, Late: 0, Failed: 0, SamplingEnd.DurationElapsed, TimeSpan.FromSeconds(seconds));

    [Fact]
    public void A_fast_sample_is_told_in_microseconds_and_the_rate_in_plain_decimals()
    {
        string? note = SummaryReporter.RateNote(Took(62_660, 3), TimeSpan.FromSeconds(0.00001), PausePolicy.WhenTorn);

        Assert.Equal("took 62660 samples in 3 s where the rate 0.00001 s asks for 300001: a sample took about 48 µs here; use a longer -r", note);
    }

    [Fact]
    public void Only_a_run_that_paused_every_sample_is_pointed_at_nonblocking()
    {
        TimeSpan rate = TimeSpan.FromSeconds(0.0005);
        Assert.EndsWith("a sample took about 1.5 ms here; use a longer -r or --nonblocking", SummaryReporter.RateNote(Took(2000, 3), rate, PausePolicy.Always));
        Assert.EndsWith("use a longer -r", SummaryReporter.RateNote(Took(2000, 3), rate, PausePolicy.WhenTorn));
        Assert.EndsWith("use a longer -r", SummaryReporter.RateNote(Took(2000, 3), rate, PausePolicy.Never));
    }

    [Fact]
    public void A_run_within_five_percent_of_the_rate_gets_no_note() =>
        Assert.Null(SummaryReporter.RateNote(Took(2900, 3), TimeSpan.FromMilliseconds(1), PausePolicy.Always));
}
