namespace Pyflame.Core.Aggregation;

/// <summary>
/// One recorded stack in time order: 16 bytes, no references, so a million of them are one flat array.
/// </summary>
/// <param name="TimestampMicroseconds">Sample time, microseconds since the Unix epoch.</param>
/// <param name="Thread">Index into <see cref="SampleTimeline.Threads"/>, or <see cref="SampleTimeline.NoThread"/>.</param>
/// <param name="Stack">Interned stack id (see <see cref="SampleTimeline.FramesOf"/>); 0 is the empty stack.</param>
/// <param name="Mark">Idle or failed, else <see cref="TimelineMark.None"/>.</param>
public readonly record struct TimelineRecord(long TimestampMicroseconds, int Thread, int Stack, TimelineMark Mark);
