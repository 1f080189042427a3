namespace Pyflame.Core.Aggregation;

/// <summary>
/// How <see cref="StackAggregator"/> counts samples.
/// </summary>
/// <param name="PerThread">
/// Pyflame's <c>--threads</c>: key stacks by thread (each thread's stacks become one group) and count
/// idle threads too. When false (Pyflame's default "GIL mode") all stacks share one group.
/// </param>
/// <param name="ExcludeIdle">Pyflame's <c>-x</c>: drop idle samples and idle threads.</param>
/// <param name="LineNumbers">
/// When false, frames that differ only in their line merge (they are stored with line 0).
/// </param>
public sealed record StackAggregatorOptions(bool PerThread, bool ExcludeIdle, bool LineNumbers)
{
    /// <summary>Target process id, copied into <see cref="ProfileMetadata"/>.</summary>
    public int Pid { get; init; }

    /// <summary>Target command line (if known), copied into <see cref="ProfileMetadata"/>.</summary>
    public string? Command { get; init; }

    /// <summary>Requested sampling interval, copied into <see cref="ProfileMetadata"/>.</summary>
    public TimeSpan Interval { get; init; }
}
