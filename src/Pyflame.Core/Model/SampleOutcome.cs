namespace Pyflame.Core.Model;

/// <summary>What one sample produced, in Pyflame's terms.</summary>
public enum SampleOutcome
{
    /// <summary>Stacks were read.</summary>
    Stacks,

    /// <summary>No thread held the GIL (or, with threads, no Python code was running).</summary>
    Idle,

    /// <summary>The stack could not be read consistently (torn or corrupt memory).</summary>
    Failed,
}
