using Pyflame.Core.Model;
using Pyflame.Core.Targets;

namespace Pyflame.Core.Sampling;

/// <summary>
/// The sampling loop. Ticks are scheduled on absolute deadlines (start + k × interval) so a sample's
/// own cost never makes the run drift; ticks that are already past are skipped and counted as late.
/// Everything runs on the calling thread, which matters for ptrace (one tracer thread).
/// </summary>
public sealed class Sampler
{
    private readonly ITargetProcess _target;
    private readonly ISampleSource _taker;
    private readonly TimeProvider _time;
    private readonly Action<TimeSpan, CancellationToken> _wait;

    /// <param name="wait">How to sleep; defaults to a cancellable wait. Tests pass one that advances a fake clock.</param>
    public Sampler(ITargetProcess target, ISampleSource taker, TimeProvider time, Action<TimeSpan, CancellationToken>? wait = null)
    {
        _target = target;
        _taker = taker;
        _time = time;
        _wait = wait ?? ((duration, cancellation) => cancellation.WaitHandle.WaitOne(duration));
    }

    public SamplingSummary Run(ISampleSink sink, SamplerOptions options, CancellationToken cancellation)
    {
        long start = _time.GetTimestamp();
        long intervalTicks = Math.Max(1, (long)(options.Interval.TotalSeconds * _time.TimestampFrequency));
        long? endTicks = options.Duration is { } duration ? (long)(duration.TotalSeconds * _time.TimestampFrequency) : null;
        int samples = 0, late = 0, failed = 0, failedThreads = 0;
        long tick = 0;
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
            failedThreads += CountFailedThreads(sample);
            if (endTicks == 0)
            {
                end = SamplingEnd.DurationElapsed;
                break;
            }

            if (samples == 1)
            {
                // The first sample pays one-off costs (JIT, cold caches, seizing threads); the schedule
                // starts after it so a slow first sample cannot eat a short run's later ticks.
                start = _time.GetTimestamp();
            }

            long elapsed = _time.GetTimestamp() - start;
            long nextTick = tick + 1;
            if (elapsed >= nextTick * intervalTicks + intervalTicks)
            {
                late++;
                nextTick = (elapsed / intervalTicks) + 1;
            }

            tick = nextTick;
            long deadline = tick * intervalTicks;
            if (endTicks is { } limit && deadline >= limit)
            {
                WaitUntil(start + limit, cancellation);
                end = cancellation.IsCancellationRequested ? SamplingEnd.Cancelled : SamplingEnd.DurationElapsed;
                break;
            }

            WaitUntil(start + deadline, cancellation);
        }

        sink.OnCompleted();
        return new SamplingSummary(samples, late, failed, end, _time.GetElapsedTime(start), failedThreads);
    }

    private static int CountFailedThreads(Sample sample)
    {
        int count = 0;
        for (int i = 0; i < sample.Threads.Count; i++)
        {
            count += sample.Threads[i].IsFailed ? 1 : 0;
        }

        return count;
    }

    /// <summary>Longest wait before the target's pending signals are serviced again.</summary>
    private static readonly TimeSpan s_serviceInterval = TimeSpan.FromMilliseconds(10);

    private void WaitUntil(long timestamp, CancellationToken cancellation)
    {
        while (!cancellation.IsCancellationRequested)
        {
            _taker.ServiceTarget();
            TimeSpan remaining = _time.GetElapsedTime(_time.GetTimestamp(), timestamp);
            if (remaining <= TimeSpan.Zero)
            {
                return;
            }

            _wait(remaining < s_serviceInterval ? remaining : s_serviceInterval, cancellation);
        }
    }

    private long NowMicroseconds() => (_time.GetUtcNow().UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
}
