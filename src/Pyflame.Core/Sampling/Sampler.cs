using Pyflame.Core.Model;
using Pyflame.Core.Targets;

namespace Pyflame.Core.Sampling;

/// <summary>
/// The sampling loop. Ticks are scheduled on absolute deadlines (each the last one plus an interval) so a sample's
/// own cost never makes the run drift; when a tick passed unsampled (counted as late), the next sample is taken at
/// once and the schedule restarts from it. With a <c>jitter</c> source each interval is drawn uniformly between half
/// and one and a half times the one asked for (the mean stays the same): a program whose work repeats with a period
/// that divides the interval would otherwise be sampled in lock-step, always at the same point of its cycle, and a
/// sampler that does not pause the program does nothing else that would break the step.
/// Everything runs on the calling thread, which matters for ptrace (one tracer thread).
/// </summary>
public sealed class Sampler
{
    private readonly ITargetProcess _target;
    private readonly ISampleSource _taker;
    private readonly TimeProvider _time;
    private readonly Action<TimeSpan, CancellationToken> _wait;
    private readonly Func<double>? _jitter;
    private long _lastService = long.MinValue;

    /// <param name="wait">How to sleep; defaults to a cancellable wait. Tests pass one that advances a fake clock.</param>
    /// <param name="jitter">Uniform numbers in [0, 1) that spread the intervals (e.g. <see cref="Random.NextDouble"/>); null keeps them exact.</param>
    public Sampler(
        ITargetProcess target, ISampleSource taker, TimeProvider time, Action<TimeSpan, CancellationToken>? wait = null, Func<double>? jitter = null)
    {
        _target = target;
        _taker = taker;
        _time = time;
        _wait = wait ?? ((duration, cancellation) => cancellation.WaitHandle.WaitOne(duration));
        _jitter = jitter;
    }

    public SamplingSummary Run(ISampleSink sink, SamplerOptions options, CancellationToken cancellation)
    {
        long start = _time.GetTimestamp();
        long intervalTicks = Math.Max(1, (long)(options.Interval.TotalSeconds * _time.TimestampFrequency));
        long? endTicks = options.Duration is { } duration ? (long)(duration.TotalSeconds * _time.TimestampFrequency) : null;
        int samples = 0, late = 0, failed = 0, failedThreads = 0;
        long due = start; // the next sample's deadline
        SamplingEnd end;
        while (true)
        {
            if (cancellation.IsCancellationRequested)
            {
                end = SamplingEnd.Cancelled;
                break;
            }

            Sample sample = _taker.Take(NowMicroseconds(), options.AllThreads);
            if (sample.Outcome == SampleOutcome.Failed && _target.HasExited)
            {
                end = SamplingEnd.TargetExited;
                break;
            }

            if (sample.Outcome == SampleOutcome.Failed && _target.HasReplacedProgram)
            {
                // Its old memory is gone: every later sample would fail, and its new program is not what was located.
                end = SamplingEnd.TargetReplacedProgram;
                break;
            }

            sink.OnSample(sample);
            samples++;
            failed += sample.Outcome == SampleOutcome.Failed ? 1 : 0;
            failedThreads += sample.FailedThreadCount;
            if (endTicks == 0)
            {
                end = SamplingEnd.DurationElapsed;
                break;
            }

            long now = _time.GetTimestamp();
            if (samples == 1)
            {
                // The first sample pays one-off costs (JIT, cold caches, seizing threads); the schedule
                // starts after it so a slow first sample cannot eat a short run's later ticks.
                start = now;
                due = now;
            }

            due += NextInterval(intervalTicks);
            if (now >= due + intervalTicks)
            {
                // Behind schedule (a tick passed unsampled): the next sample is taken now, back to back, and the
                // schedule restarts from it. Sleeping to the next tick would cost a wake-up and leave a core idle
                // that the rate asked to use; restarting keeps samples at least an interval apart (no burst).
                late++;
                due = now;
            }

            if (endTicks is { } limit && due - start >= limit)
            {
                WaitUntil(start + limit, cancellation);
                end = cancellation.IsCancellationRequested ? SamplingEnd.Cancelled : SamplingEnd.DurationElapsed;
                break;
            }

            WaitUntil(due, cancellation);
        }

        sink.OnCompleted();
        return new SamplingSummary(samples, late, failed, end, _time.GetElapsedTime(start), failedThreads);
    }

    /// <summary>The interval to the next tick: exact, or uniform in [½, 1½) × <paramref name="intervalTicks"/> with jitter.</summary>
    private long NextInterval(long intervalTicks) =>
        _jitter is null ? intervalTicks : Math.Max(1, (long)(intervalTicks * (0.5 + _jitter())));

    /// <summary>Longest wait before the target's pending signals are serviced again.</summary>
    private static readonly TimeSpan s_serviceInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// When samples run back to back (behind schedule, or the most asked for), how long between services: one costs a
    /// wait4 per traced thread, an eighth of a sample's CPU at the highest rate, while a signal held for a millisecond
    /// more harms nothing.
    /// </summary>
    private static readonly TimeSpan s_busyServiceInterval = TimeSpan.FromMilliseconds(1);

    private void WaitUntil(long timestamp, CancellationToken cancellation)
    {
        while (!cancellation.IsCancellationRequested)
        {
            long now = _time.GetTimestamp();
            bool early = _time.GetElapsedTime(now, timestamp) > TimeSpan.Zero;
            if (early || _lastService == long.MinValue || _time.GetElapsedTime(_lastService, now) >= s_busyServiceInterval)
            {
                _taker.ServiceTarget();
                _lastService = now;
            }

            TimeSpan remaining = early ? _time.GetElapsedTime(_time.GetTimestamp(), timestamp) : TimeSpan.Zero;
            if (remaining <= TimeSpan.Zero)
            {
                return;
            }

            _wait(remaining < s_serviceInterval ? remaining : s_serviceInterval, cancellation);
        }
    }

    private long NowMicroseconds() => (_time.GetUtcNow().UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
}
