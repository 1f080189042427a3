namespace Pyflame.Core.Aggregation;

/// <summary>What kind of record a <see cref="TimelineRecord"/> is, besides its stack.</summary>
public enum TimelineMark : byte
{
    /// <summary>A thread running Python code in <see cref="TimelineRecord.Stack"/>.</summary>
    None,

    /// <summary>
    /// Idle: with a thread, that thread was not running Python code (it waits in its stack); without a
    /// thread (GIL mode), no thread held the GIL. Same rules as <see cref="StackAggregator"/>.
    /// </summary>
    Idle,

    /// <summary>The sample's stacks could not be read (no thread, empty stack).</summary>
    Failed,
}
