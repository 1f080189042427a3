namespace Pyflame.Cli.Live;

/// <summary>What the live header counts since the start (or the last reset), over sampler ticks.</summary>
/// <param name="Ticks">Samples taken (one per sampler tick, whatever its outcome).</param>
/// <param name="Failed">Ticks in which a stack could not be read (the whole sample's, or one thread's).</param>
/// <param name="Idle">Ticks on which no thread ran Python code (no stack, or every thread idle).</param>
/// <param name="GilHeld">Ticks on which some thread held the GIL.</param>
/// <param name="Threads">Python threads in the latest readable tick.</param>
internal sealed record LiveCounts(long Ticks, long Failed, long Idle, long GilHeld, int Threads)
{
    public static LiveCounts None { get; } = new(0, 0, 0, 0, 0);
}
