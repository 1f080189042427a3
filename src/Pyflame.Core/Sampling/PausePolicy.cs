namespace Pyflame.Core.Sampling;

/// <summary>Whether a sample stops the threads it reads.</summary>
public enum PausePolicy
{
    /// <summary>Never (--nonblocking): a stack that changes under the reader is read again, then counts as (failed).</summary>
    Never,

    /// <summary>
    /// Read while the target runs, and pause only to read again a sample that did not hold still (the default on
    /// 3.11+): the cost of --nonblocking for nearly every sample, the answer of --blocking for the rest.
    /// </summary>
    WhenTorn,

    /// <summary>Every sample (--blocking; the default before 3.11, and for a dump).</summary>
    Always,
}
