using System.Globalization;
using Pyflame.Core.Sampling;

namespace Pyflame.Cli.Live;

/// <summary>The header's plain-text lines: the target, the run's counts, and the view's choices.</summary>
internal static class LiveHeader
{
    public static IReadOnlyList<string> Lines(LiveScreen screen)
    {
        LiveTarget target = screen.Target;
        LiveCounts counts = screen.Counts;
        string command = target.Command is null ? "" : $" · {target.Command}";
        string first = $"pyflame --live · PID {target.Pid} · Python {target.PythonVersion}{command}";
        string second = Invariant($"samples {counts.Ticks} · rate {screen.Rate:0.0}/s of {1 / target.Interval.TotalSeconds:0.#}/s · ")
            + Invariant($"errors {counts.Failed} ({screen.Percent(counts.Failed):0.0}%) · threads {counts.Threads} · ")
            + Invariant($"GIL held {screen.Percent(counts.GilHeld):0.0}% · idle {screen.Percent(counts.Idle):0.0}% · ")
            + Invariant($"recorded {screen.Recorded.TotalSeconds:0.0} s · {ModeName(target.Policy)}");
        LiveViewState state = screen.State;
        string thread = (screen.Thread?.ToString() ?? "all threads")
            + (screen.Process is { } process ? $" of process {process.Pid} ({process.Command})" : "");
        string third = $"{(state.ByLine ? "by line" : "by function")} · sorted by {SortName(state.Sort)} · {thread} · idle {(state.ShowIdle ? "shown" : "hidden")}"
            + (state.Paused ? " · PAUSED (p resumes)" : "");
        return [first, second, third];
    }

    /// <summary>The sampling mode as its option names it.</summary>
    public static string ModeName(PausePolicy policy) => policy switch
    {
        PausePolicy.Never => "nonblocking",
        PausePolicy.Always => "blocking",
        _ => "pausing torn samples",
    };

    public static string SortName(LiveSort sort) => sort switch
    {
        LiveSort.Total => "total",
        LiveSort.Function => "function",
        LiveSort.File => "file",
        _ => "own",
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
