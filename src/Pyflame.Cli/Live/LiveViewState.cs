namespace Pyflame.Cli.Live;

/// <summary>What the user chose with the keys.</summary>
/// <param name="Sort">The column rows are ordered by.</param>
/// <param name="ByLine">One row per line (true) or per function, all its lines together (false).</param>
/// <param name="ThreadId">Only this thread's stacks (its OS thread id), or null for every thread.</param>
/// <param name="ShowIdle">Also count idle threads (waiting, not running Python), where they wait.</param>
/// <param name="Paused">Recording and refreshing stopped.</param>
internal sealed record LiveViewState(LiveSort Sort, bool ByLine, int? ThreadId, bool ShowIdle, bool Paused)
{
    public static LiveViewState Initial { get; } = new(LiveSort.Own, ByLine: true, ThreadId: null, ShowIdle: false, Paused: false);

    /// <summary>Only this process's threads (--subprocesses), or null for every process.</summary>
    public int? ProcessId { get; init; }
}
