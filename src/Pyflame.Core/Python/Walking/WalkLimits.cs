namespace Pyflame.Core.Python.Walking;

/// <summary>
/// Bounds on everything read from the target, so a corrupt or torn structure (a cycle, a garbage
/// length) ends in a failed sample instead of a hang or a huge allocation.
/// </summary>
public sealed record WalkLimits
{
    public int MaxInterpreters { get; init; } = 64;

    public int MaxThreads { get; init; } = 4096;

    public int MaxDepth { get; init; } = 4096;

    /// <summary>Resolved (code object, instruction) pairs kept before the cache is reset.</summary>
    public int MaxCachedFrames { get; init; } = 200_000;

    public int MaxStringBytes { get; init; } = 4096;

    /// <summary>
    /// Bytes of names and line tables the code-object cache keeps before it is reset. A line table may claim up to
    /// 1 MiB (<see cref="Strings.PyStringReader.MaxBytesObjectSize"/>), so without a budget a thousand code objects
    /// claiming that took the profiler to a gigabyte; real programs stay far below (a few MiB for large ones).
    /// </summary>
    public long MaxCachedBytes { get; init; } = 64L << 20;

    public static WalkLimits Default { get; } = new();
}
