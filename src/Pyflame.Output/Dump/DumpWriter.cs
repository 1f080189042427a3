using System.Globalization;
using System.Text;
using Pyflame.Core.Model;

namespace Pyflame.Output.Dump;

/// <summary>
/// Pyflame's <c>-d/--dump</c>: a human-readable snapshot of every thread's stack in one sample.
/// <code>
/// Thread 4242 (MainThread) holds the GIL [pthread 0x7f3a5c1ff740]
///     work (/app.py:7)
///     main (/app.py:3)
///     &lt;module&gt; (/app.py:10)
/// </code>
/// Threads are separated by a blank line; the GIL holder comes first, then by thread id. Frames are
/// innermost first, like a Python traceback read bottom-up. An unknown line (0) prints as <c>?</c>.
/// </summary>
public static class DumpWriter
{
    public static void Write(Sample sample, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(writer);

        var text = new StringBuilder();
        if (sample.Outcome == SampleOutcome.Failed)
        {
            text.Append("Failed to read the stacks");
            if (!string.IsNullOrEmpty(sample.FailureReason))
            {
                FrameText.AppendClean(text.Append(": "), sample.FailureReason, replaceSemicolons: false);
            }

            text.Append('\n');
        }
        else if (sample.Threads.Count == 0)
        {
            text.Append("No Python threads\n");
        }

        bool first = true;
        foreach (ThreadStack thread in sample.Threads
            .OrderByDescending(t => t.HoldsGil)
            .ThenBy(t => t.NativeThreadId))
        {
            if (!first)
            {
                text.Append('\n');
            }

            first = false;
            AppendThread(text, thread);
        }

        writer.Write(text.ToString());
        writer.Flush();
    }

    private static void AppendThread(StringBuilder text, ThreadStack thread)
    {
        text.Append("Thread ").Append(thread.NativeThreadId.ToString(CultureInfo.InvariantCulture)).Append(" (");
        FrameText.AppendClean(text, string.IsNullOrEmpty(thread.Name) ? "unnamed" : thread.Name, replaceSemicolons: false);
        text.Append(')');
        if (thread.HoldsGil)
        {
            text.Append(" holds the GIL");
        }

        if (thread.IsIdle)
        {
            text.Append(" idle");
        }

        text.Append(" [pthread 0x").Append(thread.PthreadId.ToString("x", CultureInfo.InvariantCulture)).Append("]\n");
        if (thread.Frames.Count == 0)
        {
            text.Append("    (no Python frames)\n");
        }

        foreach (FrameInfo frame in thread.Frames)
        {
            text.Append("    ");
            FrameText.AppendClean(text, frame.Function, replaceSemicolons: false);
            text.Append(" (");
            FrameText.AppendClean(text, frame.File, replaceSemicolons: false);
            text.Append(':')
                .Append(frame.Line > 0 ? frame.Line.ToString(CultureInfo.InvariantCulture) : "?")
                .Append(")\n");
        }
    }
}
