using Pyflame.Core.Model;
using Pyflame.Core.Sampling;

namespace Pyflame.Cli.Session;

/// <summary>
/// For -T, which streams: flushes the output every <see cref="IntervalMilliseconds"/> so the text appears while sampling and a
/// pipe whose reader has gone (`| head -1`) is noticed within that time. The failed write throws, which ends
/// sampling there instead of profiling on for a reader that is no longer listening; <paramref name="failed"/> first
/// keeps what was written (<see cref="OutputTarget.KeepWritten"/>) and says so in the exception's one line.
/// </summary>
internal sealed class FlushingSink(ISampleSink inner, TextWriter writer, Func<OutputException, OutputException> failed) : ISampleSink
{
    private const long IntervalMilliseconds = 100;
    private long _lastFlush = Environment.TickCount64;

    public void OnSample(Sample sample)
    {
        try
        {
            inner.OnSample(sample);
            long now = Environment.TickCount64;
            if (now - _lastFlush >= IntervalMilliseconds)
            {
                _lastFlush = now;
                writer.Flush();
            }
        }
        catch (OutputException e)
        {
            throw failed(e);
        }
    }

    public void OnCompleted()
    {
        try
        {
            inner.OnCompleted();
        }
        catch (OutputException e)
        {
            throw failed(e);
        }
    }
}
