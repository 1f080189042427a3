using Pyflame.Core.Aggregation;
using Pyflame.Core.Model;

namespace Pyflame.Output.Timeline;

/// <summary>
/// The frame path (outermost first) each timeline record shows, with the pseudo frames <c>(idle)</c>
/// and <c>(failed)</c> numbered right after the timeline's real frames. Paths are built once per
/// distinct (stack, mark) and shared, so a million records cost no extra memory.
/// </summary>
internal sealed class TimelinePaths(SampleTimeline timeline)
{
    private readonly Dictionary<(int Stack, TimelineMark Mark), int[]> _paths = [];

    public int IdleFrame => timeline.Frames.Count;

    public int FailedFrame => timeline.Frames.Count + 1;

    /// <summary>Real frames plus the two pseudo frames.</summary>
    public int FrameCount => timeline.Frames.Count + 2;

    /// <summary>The source frame, or null for a pseudo frame.</summary>
    public FrameInfo? SourceOf(int frameId) => frameId < timeline.Frames.Count ? timeline.Frames[frameId] : null;

    /// <summary>Function name, or <c>(idle)</c> / <c>(failed)</c>.</summary>
    public string NameOf(int frameId) =>
        frameId < timeline.Frames.Count ? timeline.Frames[frameId].Function
        : frameId == IdleFrame ? FrameText.Idle
        : FrameText.Failed;

    /// <summary>
    /// Outermost first: <c>(failed)</c> alone; <c>(idle)</c> then the stack where the thread waits; or the stack.
    /// </summary>
    public int[] PathOf(TimelineRecord record)
    {
        if (_paths.TryGetValue((record.Stack, record.Mark), out int[]? path))
        {
            return path;
        }

        int[] frames = timeline.FrameIdsOf(record.Stack);
        path = record.Mark switch
        {
            TimelineMark.Failed => [FailedFrame],
            TimelineMark.Idle => [IdleFrame, .. frames],
            _ => frames,
        };
        _paths.Add((record.Stack, record.Mark), path);
        return path;
    }
}
