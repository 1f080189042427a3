using Pyflame.Core.Model;

namespace Pyflame.Cli.Live;

/// <summary>Everything one refresh shows, as data: the renderer draws it, tests read it.</summary>
/// <param name="Target">The profiled process.</param>
/// <param name="Counts">Header counts since the start or the last reset.</param>
/// <param name="Recorded">Time spent recording since the start or the last reset (paused time left out).</param>
/// <param name="State">The keys' choices.</param>
/// <param name="Thread">The thread shown, or null for all of them.</param>
/// <param name="Rows">The table, sorted.</param>
internal sealed record LiveScreen(
    LiveTarget Target,
    LiveCounts Counts,
    TimeSpan Recorded,
    LiveViewState State,
    LiveThread? Thread,
    IReadOnlyList<LiveRow> Rows)
{
    /// <summary>The process shown (--subprocesses), or null for all of them.</summary>
    public SampleProcess? Process { get; init; }

    /// <summary>Samples per second actually reached.</summary>
    public double Rate => Recorded > TimeSpan.Zero ? Counts.Ticks / Recorded.TotalSeconds : 0;

    /// <summary>A count's share of all ticks, in percent (threads add up: like top's CPU %, all threads can pass 100).</summary>
    public double Percent(long count) => Counts.Ticks > 0 ? 100.0 * count / Counts.Ticks : 0;

    /// <summary>The time a count stands for: its share of the recorded time.</summary>
    public TimeSpan TimeOf(long count) => Counts.Ticks > 0 ? Recorded * ((double)count / Counts.Ticks) : TimeSpan.Zero;
}
