namespace Pyflame.Core.Model;

/// <summary>One tick of the sampler: a timestamp and the stacks read at that moment.</summary>
public sealed record Sample(
    long TimestampMicroseconds,
    SampleOutcome Outcome,
    IReadOnlyList<ThreadStack> Threads,
    ReadFailure? FailureReason = null);
