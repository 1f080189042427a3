namespace Pyflame.Core.Sampling;

/// <summary>Why a sampling run stopped.</summary>
public enum SamplingEnd
{
    DurationElapsed,
    Cancelled,
    TargetExited,
}
