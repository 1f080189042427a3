using System.Globalization;

namespace Pyflame.Cli.Progress;

/// <summary>
/// The one line on a terminal's stderr while recording: elapsed (of the total, when known), samples,
/// rate and errors, rewritten in place; <see cref="Clear"/> erases it so nothing is left behind.
/// </summary>
internal sealed class ProgressLine(TextWriter error, TimeSpan? total)
{
    private const string ClearLine = "\r\e[K";
    private bool _shown;

    public static string Text(TimeSpan elapsed, TimeSpan? total, long samples, long failed)
    {
        double seconds = elapsed.TotalSeconds;
        string time = total is { } t
            ? string.Create(CultureInfo.InvariantCulture, $"{seconds:0.0}/{t.TotalSeconds:0.#} s")
            : string.Create(CultureInfo.InvariantCulture, $"{seconds:0.0} s");
        double rate = seconds > 0 ? samples / seconds : 0;
        return string.Create(CultureInfo.InvariantCulture, $"pyflame: recording {time} · {samples} samples · {rate:0}/s · {failed} errors");
    }

    public void Show(TimeSpan elapsed, long samples, long failed)
    {
        error.Write(ClearLine + Text(elapsed, total, samples, failed));
        error.Flush();
        _shown = true;
    }

    public void Clear()
    {
        if (_shown)
        {
            error.Write(ClearLine);
            error.Flush();
            _shown = false;
        }
    }
}
