namespace Pyflame.Bench;

/// <summary>A profiler's output reduced to stacks and counts, the same shape for Pyflame and austin.</summary>
public sealed record ParsedProfile(IReadOnlyList<ParsedStack> Stacks)
{
    public static ParsedProfile Empty { get; } = new([]);

    public long TotalCount => Stacks.Sum(s => s.Count);

    public long FailedCount => Stacks.Where(s => s.Failed).Sum(s => s.Count);

    public int ThreadCount => Math.Max(1, Stacks.Select(s => s.Thread).Where(t => t is not null).Distinct().Count());

    /// <summary>
    /// Ticks of the sampler. Per-thread output counts every thread once per tick, so thread stacks are
    /// divided by the number of threads; (failed) and bare (idle) lines are already per tick.
    /// </summary>
    public double Ticks
    {
        get
        {
            long perTick = Stacks.Where(s => s.Thread is null).Sum(s => s.Count);
            long perThread = Stacks.Where(s => s.Thread is not null).Sum(s => s.Count);
            return perTick + (double)perThread / ThreadCount;
        }
    }
}
