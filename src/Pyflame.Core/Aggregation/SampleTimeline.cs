using Pyflame.Core.Model;

namespace Pyflame.Core.Aggregation;

/// <summary>
/// The time-ordered samples recorded by <see cref="SampleRecorder"/>: flat records plus the interned
/// stacks they point to. A stack id is a node of a prefix tree: its parent is the same stack without
/// its innermost frame, and id 0 is the empty stack.
/// </summary>
public sealed class SampleTimeline
{
    /// <summary><see cref="TimelineRecord.Thread"/> of a record that belongs to no thread (GIL-mode idle, failed).</summary>
    public const int NoThread = -1;

    /// <summary>Id of the empty stack.</summary>
    public const int EmptyStack = 0;

    private readonly TimelineRecord[] _records;
    private readonly FrameInfo[] _frames;
    private readonly int[] _parents;
    private readonly int[] _frameIds;

    internal SampleTimeline(
        TimelineRecord[] records,
        TimelineThread[] threads,
        FrameInfo[] frames,
        int[] parents,
        int[] frameIds,
        bool perThread,
        long droppedRecords)
    {
        _records = records;
        Threads = threads;
        _frames = frames;
        _parents = parents;
        _frameIds = frameIds;
        PerThread = perThread;
        DroppedRecords = droppedRecords;
    }

    /// <summary>Records in the order they were taken (timestamps never decrease).</summary>
    public IReadOnlyList<TimelineRecord> Records => _records;

    /// <summary>Threads in first-seen order.</summary>
    public IReadOnlyList<TimelineThread> Threads { get; }

    /// <summary>Distinct frames; <see cref="FrameIdsOf"/> indexes into this list.</summary>
    public IReadOnlyList<FrameInfo> Frames => _frames;

    /// <summary>Number of stack ids (every prefix of a recorded stack has one).</summary>
    public int StackCount => _parents.Length;

    /// <summary>True when recorded with --threads (every thread, idle ones included).</summary>
    public bool PerThread { get; }

    /// <summary>Records not kept because <see cref="SampleRecorder.MaxRecords"/> was reached.</summary>
    public long DroppedRecords { get; }

    /// <summary>The stack without its innermost frame, or -1 for the empty stack.</summary>
    public int ParentOf(int stack) => stack == EmptyStack ? -1 : _parents[stack];

    /// <summary>Frame id of the stack's innermost frame (meaningless for the empty stack).</summary>
    public int LeafFrameIdOf(int stack) => _frameIds[stack];

    /// <summary>Frame ids of the stack, OUTERMOST first; empty for the empty stack.</summary>
    public int[] FrameIdsOf(int stack)
    {
        int depth = 0;
        for (int node = stack; node != EmptyStack; node = _parents[node])
        {
            depth++;
        }

        var ids = new int[depth];
        for (int node = stack; node != EmptyStack; node = _parents[node])
        {
            ids[--depth] = _frameIds[node];
        }

        return ids;
    }
}
