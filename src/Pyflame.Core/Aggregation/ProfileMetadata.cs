namespace Pyflame.Core.Aggregation;

/// <summary>Facts about a profiling run that writers may print alongside the stacks.</summary>
/// <param name="Pid">Target process id (0 when unknown).</param>
/// <param name="Command">Target command line, when known.</param>
/// <param name="StartTime">Timestamp of the first sample; null when no sample arrived.</param>
/// <param name="Duration">Time from the first to the last sample.</param>
/// <param name="Interval">Requested sampling interval.</param>
/// <param name="SampleCount">Number of samples (sampler ticks) received, whatever their outcome.</param>
public sealed record ProfileMetadata(
    int Pid,
    string? Command,
    DateTimeOffset? StartTime,
    TimeSpan Duration,
    TimeSpan Interval,
    long SampleCount);
