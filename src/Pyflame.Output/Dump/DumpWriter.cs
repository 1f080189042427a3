using System.Globalization;
using System.Text;
using Pyflame.Core.Dumping;
using Pyflame.Core.Python.Locals;

namespace Pyflame.Output.Dump;

/// <summary>
/// Pyflame's <c>-d/--dump</c> as text: a process line, then every thread's stack, innermost first.
/// <code>
/// Process 4242, Python 3.12.1, garbage collector running
///
/// Thread 4242 (MainThread) running, holds the GIL, collecting garbage [pthread 0x7f3a5c1ff740]
///     (gc)
///     work (/app.py:7)
///         n = 42
///         items = [1, 2, 3]
///     &lt;module&gt; (/app.py:10)
///
/// Thread 4250 (worker-2) idle [pthread 0x7f3a4a1fe6c0]
///     wait (/app.py:3)
/// </code>
/// The garbage collector part of the process line is left out where the version does not expose it. A thread
/// is <c>running</c> when it holds the GIL or the OS has it on a CPU, else <c>idle</c>. Threads are separated by a
/// blank line; the GIL holder comes first, then by thread id. Variables (with <c>--locals</c>) are indented under
/// their frame. An unknown line (0) prints as <c>?</c>.
/// </summary>
public static class DumpWriter
{
    public static void Write(ProcessDump dump, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(dump);
        ArgumentNullException.ThrowIfNull(writer);

        var text = new StringBuilder();
        text.Append("Process ").Append(dump.ProcessId.ToString(CultureInfo.InvariantCulture)).Append(", Python ").Append(dump.Version.ToString());
        if (dump.GcRunning is bool gc)
        {
            text.Append(gc ? ", garbage collector running" : ", garbage collector not running");
        }

        text.Append('\n');
        if (dump.FailureReason is not null)
        {
            FrameText.AppendClean(text.Append("\nFailed to read the stacks: "), dump.FailureReason.Text, replaceSemicolons: false);
            text.Append('\n');
        }
        else if (dump.Threads.Count == 0)
        {
            text.Append("\nNo Python threads\n");
        }

        foreach (DumpedThread thread in DumpOrder.Threads(dump))
        {
            text.Append('\n');
            AppendThread(text, thread);
        }

        writer.Write(text.ToString());
        writer.Flush();
    }

    private static void AppendThread(StringBuilder text, DumpedThread thread)
    {
        text.Append("Thread ").Append(thread.NativeThreadId.ToString(CultureInfo.InvariantCulture)).Append(" (");
        FrameText.AppendClean(text, string.IsNullOrEmpty(thread.Name) ? "unnamed" : thread.Name, replaceSemicolons: false);
        text.Append(") ").Append(thread.Running ? "running" : "idle");
        if (thread.HoldsGil)
        {
            text.Append(", holds the GIL");
        }

        if (thread.CollectingGarbage)
        {
            text.Append(", collecting garbage");
        }

        text.Append(" [pthread 0x").Append(thread.PthreadId.ToString("x", CultureInfo.InvariantCulture)).Append("]\n");
        if (thread.Error is not null)
        {
            FrameText.AppendClean(text.Append("    (stack unreadable: "), thread.Error.Text, replaceSemicolons: false);
            text.Append(")\n");
        }
        else if (thread.Frames.Count == 0)
        {
            text.Append("    (no Python frames)\n");
        }

        foreach (DumpedFrame frame in thread.Frames)
        {
            AppendFrame(text, frame);
        }
    }

    private static void AppendFrame(StringBuilder text, DumpedFrame frame)
    {
        text.Append("    ");
        FrameText.AppendClean(text, frame.Frame.Function, replaceSemicolons: false);
        if (!Core.Model.PseudoFrames.IsPseudo(frame.Frame))
        {
            text.Append(" (");
            FrameText.AppendClean(text, frame.Frame.File, replaceSemicolons: false);
            text.Append(':')
                .Append(frame.Frame.Line > 0 ? frame.Frame.Line.ToString(CultureInfo.InvariantCulture) : "?")
                .Append(')');
        }

        text.Append('\n');
        if (frame.Locals is null)
        {
            return;
        }

        foreach (LocalVariable local in frame.Locals)
        {
            text.Append("        ");
            FrameText.AppendClean(text, local.Name, replaceSemicolons: false);
            text.Append(" = ");
            FrameText.AppendClean(text, local.Value, replaceSemicolons: false);
            text.Append('\n');
        }
    }
}
