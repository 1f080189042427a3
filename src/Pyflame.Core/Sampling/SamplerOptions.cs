namespace Pyflame.Core.Sampling;

/// <summary>How to sample: every <see cref="Interval"/>, for <see cref="Duration"/> (null = until stopped or the target exits).</summary>
public sealed record SamplerOptions
{
    public TimeSpan Interval { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Zero takes exactly one sample; null samples until cancelled or the target exits.</summary>
    public TimeSpan? Duration { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Every Python thread's stack (--threads), not only the GIL holder's.</summary>
    public bool AllThreads { get; init; }
}
