using Pyflame.Core.Model;
using Pyflame.Core.Sampling;

namespace Pyflame.Core.Aggregation;

/// <summary>
/// Counts samples per distinct stack, the data behind Pyflame's folded output.
/// <para>
/// GIL mode (default, Pyflame without <c>--threads</c>): an Idle sample counts as <c>(idle)</c>, a
/// Failed one as <c>(failed)</c>, and each thread stack of a Stacks sample (normally only the GIL
/// holder) counts once under its stack. A sample that yields no stack at all (no threads, or only
/// empty stacks) counts as idle, so no tick is silently lost.
/// </para>
/// <para>
/// Per-thread mode (<c>--threads</c>): stacks are grouped by native thread id. An idle thread
/// (<see cref="ThreadStack.IsIdle"/>, an empty stack, or every thread of an Idle sample) counts under
/// its thread with <see cref="StackCount.IsIdle"/> set, so the graph shows where it waits.
/// </para>
/// Safe to call <see cref="ToProfile"/> from another thread while sampling (one lock, uncontended).
/// </summary>
public sealed class StackAggregator : ISampleSink
{
    /// <summary>Frame id used in the trie for the <c>(idle)</c> marker below a thread root.</summary>
    private const int IdleMarker = -1;

    /// <summary>Frame id used in the trie for a thread whose stack could not be read in a sample.</summary>
    private const int FailedMarker = -2;

    private readonly StackAggregatorOptions _options;
    private readonly FrameTable _frames;
    private readonly StackTrie _trie = new();
    private readonly Dictionary<int, ThreadGroup> _threadsById = [];
    private readonly List<ThreadGroup> _threadsInOrder = [];
    private readonly Dictionary<int, LastPath> _lastPaths = [];
    private readonly Lock _gate = new();
    private long _idleCount;
    private long _failedCount;
    private long _sampleCount;
    private long _firstTimestamp;
    private long _lastTimestamp;

    public StackAggregator(StackAggregatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _frames = new FrameTable(options.LineNumbers);
        if (!options.PerThread)
        {
            // GIL mode: one group for every stack, created up front so it is always group 0.
            _threadsInOrder.Add(new ThreadGroup(0, 0, null, 0, _trie.AddRoot()));
        }
    }

    public void OnSample(Sample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        lock (_gate)
        {
            RecordTime(sample.TimestampMicroseconds);
            if (!_options.PerThread && sample.ProcessPseudoStack is { } pseudo)
            {
                if (sample.Outcome == SampleOutcome.Failed || !_options.ExcludeIdle)
                {
                    _trie.Increment(AddFrames(_threadsInOrder[0].RootNode, pseudo));
                }

                return;
            }

            if (sample.Outcome == SampleOutcome.Failed)
            {
                _failedCount++;
                return;
            }

            bool countedAny = _options.PerThread ? CountPerThread(sample) : CountGilMode(sample);
            if (!countedAny && !_options.ExcludeIdle)
            {
                _idleCount++;
            }
        }
    }

    public void OnCompleted()
    {
        // Nothing is buffered; the profile is read with ToProfile.
    }

    public Profile ToProfile()
    {
        lock (_gate)
        {
            return new ProfileBuilder(_trie, _frames, IdleMarker, FailedMarker).Build(
                _threadsInOrder, BuildMetadata(), _options.PerThread, _idleCount, _failedCount);
        }
    }

    private bool CountGilMode(Sample sample)
    {
        if (sample.Outcome == SampleOutcome.Idle)
        {
            return false;
        }

        int root = _threadsInOrder[0].RootNode;
        bool countedAny = false;
        IReadOnlyList<ThreadStack> threads = sample.Threads;
        for (int i = 0; i < threads.Count; i++)
        {
            IReadOnlyList<FrameInfo> frames = threads[i].Frames;
            if (frames.Count == 0)
            {
                continue;
            }

            _trie.Increment(AddFrames(root, frames));
            countedAny = true;
        }

        return countedAny;
    }

    private bool CountPerThread(Sample sample)
    {
        bool countedAny = false;
        IReadOnlyList<ThreadStack> threads = sample.Threads;
        for (int i = 0; i < threads.Count; i++)
        {
            ThreadStack thread = threads[i];
            if (thread.IsFailed)
            {
                _trie.Increment(_trie.Child(GetOrAddThread(thread).RootNode, FailedMarker));
                countedAny = true;
                continue;
            }

            bool idle = sample.ShowsIdle(thread);
            if (idle && _options.ExcludeIdle)
            {
                continue;
            }

            int node = GetOrAddThread(thread).RootNode;
            if (idle)
            {
                node = _trie.Child(node, IdleMarker);
            }

            _trie.Increment(AddFrames(node, thread.Frames));
            countedAny = true;
        }

        return countedAny;
    }

    /// <summary>
    /// Walks <paramref name="frames"/> (innermost first) from the outermost end, below <paramref name="root"/>;
    /// the frames it shares with the last stack counted there are skipped (<see cref="LastPath"/>).
    /// </summary>
    private int AddFrames(int root, IReadOnlyList<FrameInfo> frames)
    {
        if (!_lastPaths.TryGetValue(root, out LastPath? last))
        {
            last = new LastPath();
            _lastPaths.Add(root, last);
        }

        int shared = last.SharedDepth(frames);
        int node = shared == 0 ? root : last.NodeAt(shared - 1);
        last.Truncate(shared);
        for (int depth = shared; depth < frames.Count; depth++)
        {
            FrameInfo frame = frames[frames.Count - 1 - depth];
            node = _trie.Child(node, _frames.Intern(frame));
            last.Set(depth, frame, node);
        }

        return node;
    }

    private ThreadGroup GetOrAddThread(ThreadStack thread)
    {
        if (_threadsById.TryGetValue(thread.NativeThreadId, out ThreadGroup? group))
        {
            // Threads may be named after they start (threading.Thread sets the name late).
            if (thread.Name is not null)
            {
                group.Name = thread.Name;
            }

            return group;
        }

        group = new ThreadGroup(
            thread.NativeThreadId, thread.PthreadId, thread.Name, _threadsInOrder.Count, _trie.AddRoot()) { Process = thread.Process };
        _threadsById.Add(thread.NativeThreadId, group);
        _threadsInOrder.Add(group);
        return group;
    }

    private void RecordTime(long timestampMicroseconds)
    {
        if (_sampleCount == 0)
        {
            _firstTimestamp = timestampMicroseconds;
        }

        _lastTimestamp = timestampMicroseconds;
        _sampleCount++;
    }

    private ProfileMetadata BuildMetadata()
    {
        DateTimeOffset? start = _sampleCount == 0
            ? null
            : DateTimeOffset.UnixEpoch.AddTicks(_firstTimestamp * TimeSpan.TicksPerMicrosecond);
        TimeSpan duration = _sampleCount == 0
            ? TimeSpan.Zero
            : TimeSpan.FromMicroseconds(Math.Max(0, _lastTimestamp - _firstTimestamp));
        return new ProfileMetadata(_options.Pid, _options.Command, start, duration, _options.Interval, _sampleCount);
    }
}
