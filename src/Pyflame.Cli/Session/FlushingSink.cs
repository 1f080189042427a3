using Pyflame.Core.Model;
using Pyflame.Core.Sampling;

namespace Pyflame.Cli.Session;

/// <summary>
/// For -T, which streams: flushes the output every <see cref="IntervalMilliseconds"/> so the text appears while sampling and a
/// pipe whose reader has gone (`| head -1`) is noticed within that time. The failed write throws, which ends
/// sampling there instead of profiling on for a reader that is no longer listening.
/// </summary>
internal sealed class FlushingSink(ISampleSink inner, TextWriter writer) : ISampleSink
{
    private const long IntervalMilliseconds = 100;
    private long _lastFlush = Environment.TickCount64;

    public void OnSample(Sample sample)
    {
        inner.OnSample(sample);
        long now = Environment.TickCount64;
        if (now - _lastFlush >= IntervalMilliseconds)
        {
            _lastFlush = now;
            writer.Flush();
        }
    }

    public void OnCompleted() => inner.OnCompleted();
}
