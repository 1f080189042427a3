using System.Globalization;
using System.Text;
using Pyflame.Core.Model;
using Pyflame.Core.Sampling;

namespace Pyflame.Output.FlameChart;

/// <summary>
/// Streams Pyflame's timestamped "flame chart" text (<c>-T</c>/<c>--timestamp</c>), the input of
/// <see cref="FlameChartJsonConverter"/>. Each record is two lines:
/// <code>
/// 1700000000123456
/// /app.py:&lt;module&gt;:10;/app.py:main:3;
/// </code>
/// the sample time in microseconds since the Unix epoch, then the stack outermost first with every
/// frame followed by <c>;</c>. A sample with no Python stack is the record <c>(idle)</c>; a sample
/// that could not be read is <c>(failed)</c> (kept so the chart's time axis has no silent gaps).
/// Per-thread mode writes one record per thread, all with the sample's timestamp, prefixed with
/// <c>(thread TID NAME);</c> and, for an idle thread, <c>(idle);</c>. Lines end in <c>\n</c>.
/// </summary>
public sealed class FlameChartWriter : ISampleSink
{
    private readonly TextWriter _writer;
    private readonly FlameChartOptions _options;
    private readonly StringBuilder _line = new();

    public FlameChartWriter(TextWriter writer, FlameChartOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(options);
        _writer = writer;
        _options = options;
    }

    public void OnSample(Sample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        if (!_options.PerThread && sample.ProcessPseudoStack is { } pseudo)
        {
            if (sample.Outcome == SampleOutcome.Failed || !_options.ExcludeIdle)
            {
                WriteStack(sample.TimestampMicroseconds, pseudo);
            }

            return;
        }

        if (sample.Outcome == SampleOutcome.Failed)
        {
            WriteRecord(sample.TimestampMicroseconds, FrameText.Failed);
            return;
        }

        // GIL mode: an Idle sample has no stack to show, whatever threads it lists.
        bool wroteAny = (sample.Outcome != SampleOutcome.Idle || _options.PerThread) && WriteThreads(sample);
        if (!wroteAny && !_options.ExcludeIdle)
        {
            WriteRecord(sample.TimestampMicroseconds, FrameText.Idle);
        }
    }

    public void OnCompleted() => _writer.Flush();

    /// <summary>Same idle rules as the aggregator, so -T and the folded output count alike.</summary>
    private bool WriteThreads(Sample sample)
    {
        bool wroteAny = false;
        IReadOnlyList<ThreadStack> threads = sample.Threads;
        for (int i = 0; i < threads.Count; i++)
        {
            ThreadStack thread = threads[i];
            _line.Clear();
            if (_options.PerThread)
            {
                bool idle = sample.ShowsIdle(thread);
                if (idle && _options.ExcludeIdle)
                {
                    continue;
                }

                FrameText.AppendThreadRoot(_line, thread.NativeThreadId, thread.Name, thread.Process);
                _line.Append(';');
                if (idle)
                {
                    _line.Append(FrameText.Idle).Append(';');
                }
                else if (thread.IsFailed)
                {
                    _line.Append(FrameText.Failed).Append(';');
                }
            }
            else if (thread.Frames.Count == 0)
            {
                continue;
            }

            AppendFrames(thread.Frames);
            WriteRecord(sample.TimestampMicroseconds, _line);
            wroteAny = true;
        }

        return wroteAny;
    }

    private void WriteStack(long timestampMicroseconds, IReadOnlyList<FrameInfo> frames)
    {
        _line.Clear();
        AppendFrames(frames);
        WriteRecord(timestampMicroseconds, _line);
    }

    /// <summary>Appends <paramref name="frames"/> (innermost first) outermost first, each followed by ';'.</summary>
    private void AppendFrames(IReadOnlyList<FrameInfo> frames)
    {
        for (int f = frames.Count - 1; f >= 0; f--)
        {
            FrameText.AppendFrame(_line, frames[f], _options.LineNumbers);
            _line.Append(';');
        }
    }

    private void WriteRecord(long timestampMicroseconds, string stack)
    {
        WriteTimestamp(timestampMicroseconds);
        _writer.Write(stack);
        _writer.Write('\n');
    }

    private void WriteRecord(long timestampMicroseconds, StringBuilder stack)
    {
        WriteTimestamp(timestampMicroseconds);
        _writer.Write(stack);
        _writer.Write('\n');
    }

    private void WriteTimestamp(long timestampMicroseconds)
    {
        _writer.Write(timestampMicroseconds.ToString(CultureInfo.InvariantCulture));
        _writer.Write('\n');
    }
}
