namespace Pyflame.Core.Aggregation;

/// <summary>An immutable snapshot of aggregated samples, ready for a writer.</summary>
/// <param name="Metadata">Facts about the run.</param>
/// <param name="PerThread">True when stacks are grouped by thread (<c>--threads</c>).</param>
/// <param name="IdleCount">Samples counted as <c>(idle)</c> outside any thread (0 with exclude-idle).</param>
/// <param name="FailedCount">Samples whose stacks could not be read.</param>
/// <param name="TotalSamples">
/// Sum of every count in the profile (idle + failed + all stack counts): the width of the flame graph.
/// In per-thread mode one sampler tick adds one count per thread, so this can exceed
/// <see cref="ProfileMetadata.SampleCount"/>.
/// </param>
/// <param name="Threads">Stack groups in first-seen order.</param>
public sealed record Profile(
    ProfileMetadata Metadata,
    bool PerThread,
    long IdleCount,
    long FailedCount,
    long TotalSamples,
    IReadOnlyList<ProfileThread> Threads);
