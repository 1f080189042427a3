using System.Globalization;
using System.Text;
using Pyflame.Core.Model;

namespace Pyflame.Output;

/// <summary>
/// Text for frames and thread roots shared by the folded and flame-chart writers.
/// <para>
/// Both formats are line based and use <c>;</c> between frames (flamegraph.pl splits on it), so a
/// <c>;</c> inside a file or function name is written as <c>:</c>, and control characters (CR, LF,
/// TAB, ...) as <c>?</c>. Such names are rare in Python (identifiers cannot hold them; file paths and
/// thread names can), and the rest of the name stays exact, including non-ASCII text.
/// </para>
/// </summary>
internal static class FrameText
{
    public const string Idle = "(idle)";
    public const string Failed = "(failed)";

    /// <summary>Appends <c>file:function:line</c>, or <c>file:function</c> without line numbers; a pseudo frame such as <c>(gc)</c> by name alone.</summary>
    public static void AppendFrame(StringBuilder text, FrameInfo frame, bool lineNumbers)
    {
        if (PseudoFrames.IsPseudo(frame))
        {
            AppendClean(text, frame.Function, replaceSemicolons: true);
            return;
        }

        AppendClean(text, frame.File, replaceSemicolons: true);
        text.Append(':');
        AppendClean(text, frame.Function, replaceSemicolons: true);
        if (lineNumbers)
        {
            // Line 0 means "unknown" in the model; it is printed as 0 so every frame keeps 3 fields.
            text.Append(':').Append(frame.Line.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>
    /// Appends the per-thread root frame: <c>(thread 12345 MainThread)</c> or <c>(thread 12345)</c>, below its
    /// process's root, <c>(process 12300 python3 app.py);</c>, when the thread has one (<c>--subprocesses</c>).
    /// </summary>
    public static void AppendThreadRoot(StringBuilder text, int nativeThreadId, string? name, SampleProcess? process = null)
    {
        if (process is not null)
        {
            AppendFrame(text, process.RootFrame, lineNumbers: false);
            text.Append(';');
        }

        text.Append("(thread ").Append(nativeThreadId.ToString(CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(name))
        {
            text.Append(' ');
            AppendClean(text, name, replaceSemicolons: true);
        }

        text.Append(')');
    }

    /// <summary>Appends <paramref name="value"/> with characters that would break the line format replaced.</summary>
    public static void AppendClean(StringBuilder text, string value, bool replaceSemicolons)
    {
        foreach (char c in value)
        {
            if (char.IsControl(c))
            {
                text.Append('?');
            }
            else if (c == ';' && replaceSemicolons)
            {
                text.Append(':');
            }
            else
            {
                text.Append(c);
            }
        }
    }
}
