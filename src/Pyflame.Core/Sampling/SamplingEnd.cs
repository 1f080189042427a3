namespace Pyflame.Core.Sampling;

/// <summary>Why a sampling run stopped.</summary>
public enum SamplingEnd
{
    DurationElapsed,
    Cancelled,
    TargetExited,

    /// <summary>The target replaced its program (execve); what was sampled is of the program before.</summary>
    TargetReplacedProgram,
}
