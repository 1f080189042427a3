using Pyflame.Core.Model;
using Pyflame.Core.Sampling;

namespace Pyflame.Core.Tests.Sampling;

public sealed class SamplerTests
{
    private readonly ManualTime _time = new();
    private readonly FakeTarget _target = new();
    private readonly CountingSink _sink = new();

    private Sampler Create(ISampleSource source) => new(_target, source, _time, (duration, _) => _time.Advance(duration));

    private static SamplerOptions Every(int milliseconds, double? seconds) => new()
    {
        Interval = TimeSpan.FromMilliseconds(milliseconds),
        Duration = seconds is { } s ? TimeSpan.FromSeconds(s) : null,
    };

    [Fact]
    public void Ticks_fall_on_absolute_deadlines_so_the_samples_own_cost_causes_no_drift()
    {
        ScriptedSource source = new(_time, _ => TimeSpan.FromMilliseconds(3));

        SamplingSummary summary = Create(source).Run(_sink, Every(10, 1), CancellationToken.None);

        // The first sample, then the schedule starts after it: ticks at 10, 20 ... 990 ms, as Pyflame's
        // "-s 1 -r 0.01" gives 100 samples.
        Assert.Equal(100, summary.Samples);
        Assert.Equal(0, summary.Late);
        long[] gaps = source.Timestamps.Skip(1).Zip(source.Timestamps.Skip(2), (a, b) => b - a).ToArray();
        Assert.All(gaps, gap => Assert.Equal(10_000, gap));
        Assert.Equal(SamplingEnd.DurationElapsed, summary.End);
        Assert.Equal(1, _sink.Completed);
    }

    [Fact]
    public void With_jitter_intervals_spread_over_half_to_one_and_a_half_times_the_rate_and_keep_its_mean()
    {
        ScriptedSource source = new(_time, _ => TimeSpan.FromMilliseconds(1));
        Random random = new(42);
        Sampler sampler = new(_target, source, _time, (duration, _) => _time.Advance(duration), random.NextDouble);

        SamplingSummary summary = sampler.Run(_sink, Every(10, 20), CancellationToken.None);

        long[] gaps = source.Timestamps.Skip(1).Zip(source.Timestamps.Skip(2), (a, b) => b - a).ToArray();
        Assert.All(gaps, gap => Assert.InRange(gap, 5_000, 15_000));
        Assert.InRange(gaps.Average(), 9_800, 10_200);
        // Spread, not a few fixed values: a cycle that divides the interval cannot stay in step with it.
        Assert.True(gaps.Distinct().Count() > 1000, $"{gaps.Distinct().Count()} distinct intervals");
        Assert.InRange(summary.Samples, 1900, 2100);
        Assert.Equal(0, summary.Late);
    }

    [Fact]
    public void A_slow_sample_is_followed_at_once_and_the_schedule_restarts_from_there_instead_of_bursting()
    {
        ScriptedSource source = new(_time, i => TimeSpan.FromMilliseconds(i == 5 ? 35 : 1));

        SamplingSummary summary = Create(source).Run(_sink, Every(10, 0.2), CancellationToken.None);

        Assert.Equal(1, summary.Late);
        long[] gaps = source.Timestamps.Skip(1).Zip(source.Timestamps.Skip(2), (a, b) => b - a).ToArray();
        Assert.All(gaps, gap => Assert.True(gap >= 10_000, $"samples {gap} µs apart: a burst"));
        // The first sample (0-1 ms), ticks at 11 ... 51 ms; sample 5 ends at 86 ms, past the ticks at 61 and 71, so the
        // next is taken at once (86) and the schedule restarts there: 96 ... 196 ms. The three missed ticks cost two samples.
        Assert.Equal(18, summary.Samples);
        Assert.Equal(86_000 - 51_000, source.Timestamps[6] - source.Timestamps[5]);
    }

    [Fact]
    public void A_slow_first_sample_does_not_eat_a_short_run()
    {
        ScriptedSource source = new(_time, i => TimeSpan.FromMilliseconds(i == 0 ? 450 : 1));

        SamplingSummary summary = Create(source).Run(_sink, Every(100, 0.5), CancellationToken.None);

        // 0.45 s of first sample, then ticks at 0.1 ... 0.4 s: the run keeps all five of -s 0.5 -r 0.1.
        Assert.Equal(5, summary.Samples);
        Assert.Equal(0, summary.Late);
    }

    [Fact]
    public void Zero_seconds_takes_exactly_one_sample()
    {
        ScriptedSource source = new(_time, _ => TimeSpan.FromMilliseconds(1));

        SamplingSummary summary = Create(source).Run(_sink, Every(10, 0), CancellationToken.None);

        Assert.Equal(1, summary.Samples);
        Assert.Single(_sink.Samples);
    }

    [Fact]
    public void A_target_that_exits_ends_the_run_without_counting_the_failed_read()
    {
        ScriptedSource source = new(_time, _ => TimeSpan.FromMilliseconds(1))
        {
            Outcome = i => i < 3 ? SampleOutcome.Stacks : SampleOutcome.Failed,
        };
        _target.HasExited = false;
        Sampler sampler = new(_target, source, _time, (duration, _) =>
        {
            _time.Advance(duration);
            _target.HasExited = source.Timestamps.Count >= 3;
        });

        SamplingSummary summary = sampler.Run(_sink, Every(10, null), CancellationToken.None);

        Assert.Equal(SamplingEnd.TargetExited, summary.End);
        Assert.Equal(3, _sink.Samples.Count);
        Assert.All(_sink.Samples, s => Assert.Equal(SampleOutcome.Stacks, s.Outcome));
        Assert.Equal(1, _sink.Completed);
    }

    [Fact]
    public void Back_to_back_samples_service_the_target_once_a_millisecond_and_every_sleep_services_it()
    {
        ScriptedSource busy = new(_time, _ => TimeSpan.FromMicroseconds(100));
        SamplingSummary summary = Create(busy).Run(_sink, new SamplerOptions { Interval = TimeSpan.FromMicroseconds(1), Duration = TimeSpan.FromMilliseconds(50) }, CancellationToken.None);

        Assert.InRange(summary.Samples, 450, 510);
        Assert.InRange(busy.ServiceCalls, 45, 55); // once a millisecond, not once per sample

        ScriptedSource sleeping = new(_time, _ => TimeSpan.FromMicroseconds(100));
        summary = Create(sleeping).Run(_sink, Every(5, 0.05), CancellationToken.None);

        Assert.InRange(summary.Samples, 9, 11);
        Assert.True(sleeping.ServiceCalls >= summary.Samples, $"{sleeping.ServiceCalls} services for {summary.Samples} sleeps");
    }

    [Fact]
    public void Cancellation_stops_an_open_ended_run_and_still_completes_the_sink()
    {
        using CancellationTokenSource cancel = new();
        ScriptedSource source = new(_time, _ => TimeSpan.FromMilliseconds(1));
        Sampler sampler = new(_target, source, _time, (duration, _) =>
        {
            _time.Advance(duration);
            if (source.Timestamps.Count == 7)
            {
                cancel.Cancel();
            }
        });

        SamplingSummary summary = sampler.Run(_sink, Every(10, null), cancel.Token);

        Assert.Equal(SamplingEnd.Cancelled, summary.End);
        Assert.Equal(7, summary.Samples);
        Assert.Equal(1, _sink.Completed);
        Assert.True(source.ServiceCalls > 0, "the target's pending signals were never serviced while waiting");
    }
}
