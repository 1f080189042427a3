using Pyflame.Core.Model;
using Pyflame.Core.Sampling;

namespace Pyflame.Core.Aggregation;

/// <summary>
/// Keeps every sample in time order for the formats that draw a timeline (speedscope, Chrome
/// .cpuprofile, Trace Event JSON). Memory stays flat: a stack is interned once in a trie and each
/// record is a 16-byte struct (timestamp, thread index, stack id, mark), so a million samples of ten
/// thousand distinct stacks take about 16 MB plus the stacks themselves.
/// <para>
/// Counting rules match <see cref="StackAggregator"/> (and the -T text), so every format adds up to the
/// same totals: a failed sample is one <see cref="TimelineMark.Failed"/> record; in GIL mode each
/// non-empty thread stack is a record and a sample with none is one idle record; with
/// <see cref="StackAggregatorOptions.PerThread"/> every thread is a record, idle threads marked idle.
/// </para>
/// </summary>
public sealed class SampleRecorder : ISampleSink
{
    /// <summary>Most records kept: 55 hours at 100 Hz. Later records are counted in <see cref="SampleTimeline.DroppedRecords"/>.</summary>
    public const int MaxRecords = 20_000_000;

    private readonly StackAggregatorOptions _options;
    private readonly FrameTable _frames;
    private readonly StackTrie _trie = new();
    private readonly int _emptyStack;
    private readonly List<TimelineRecord> _records = [];
    private readonly Dictionary<int, int> _threadSlots = [];
    private readonly List<TimelineThread> _threads = [];
    private readonly Lock _gate = new();
    private long _dropped;

    public SampleRecorder(StackAggregatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _frames = new FrameTable(options.LineNumbers);
        _emptyStack = _trie.AddRoot();
    }

    public void OnSample(Sample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        lock (_gate)
        {
            long time = sample.TimestampMicroseconds;
            if (!_options.PerThread && sample.ProcessPseudoStack is { } pseudo)
            {
                if (sample.Outcome == SampleOutcome.Failed || !_options.ExcludeIdle)
                {
                    Add(new TimelineRecord(time, SlotOf(sample.Process!), Intern(pseudo), TimelineMark.None));
                }

                return;
            }

            if (sample.Outcome == SampleOutcome.Failed)
            {
                Add(new TimelineRecord(time, SampleTimeline.NoThread, _emptyStack, TimelineMark.Failed));
                return;
            }

            bool recordedAny = _options.PerThread ? RecordPerThread(sample) : RecordGilMode(sample);
            if (!recordedAny && !_options.ExcludeIdle)
            {
                Add(new TimelineRecord(time, SampleTimeline.NoThread, _emptyStack, TimelineMark.Idle));
            }
        }
    }

    public void OnCompleted()
    {
        // Nothing is buffered; the records are read with ToTimeline.
    }

    /// <summary>An immutable copy of everything recorded so far.</summary>
    public SampleTimeline ToTimeline()
    {
        lock (_gate)
        {
            var parents = new int[_trie.NodeCount];
            var frameIds = new int[_trie.NodeCount];
            for (int node = 0; node < parents.Length; node++)
            {
                parents[node] = _trie.ParentOf(node);
                frameIds[node] = _trie.FrameIdOf(node);
            }

            var frames = new FrameInfo[_frames.Count];
            for (int id = 0; id < frames.Length; id++)
            {
                frames[id] = _frames[id];
            }

            return new SampleTimeline([.. _records], [.. _threads], frames, parents, frameIds, _options.PerThread, _dropped);
        }
    }

    private bool RecordGilMode(Sample sample)
    {
        if (sample.Outcome == SampleOutcome.Idle)
        {
            return false;
        }

        bool recordedAny = false;
        foreach (ThreadStack thread in sample.Threads)
        {
            if (thread.Frames.Count > 0)
            {
                Add(new TimelineRecord(sample.TimestampMicroseconds, SlotOf(thread), Intern(thread.Frames), TimelineMark.None));
                recordedAny = true;
            }
        }

        return recordedAny;
    }

    private bool RecordPerThread(Sample sample)
    {
        bool recordedAny = false;
        foreach (ThreadStack thread in sample.Threads)
        {
            bool idle = sample.ShowsIdle(thread);
            if (idle && _options.ExcludeIdle)
            {
                continue;
            }

            TimelineMark mark = thread.IsFailed ? TimelineMark.Failed : idle ? TimelineMark.Idle : TimelineMark.None;
            Add(new TimelineRecord(sample.TimestampMicroseconds, SlotOf(thread), Intern(thread.Frames), mark));
            recordedAny = true;
        }

        return recordedAny;
    }

    /// <summary>Walks <paramref name="innermostFirst"/> from the outermost end; the leaf node is the stack id.</summary>
    private int Intern(IReadOnlyList<FrameInfo> innermostFirst)
    {
        int node = _emptyStack;
        for (int i = innermostFirst.Count - 1; i >= 0; i--)
        {
            node = _trie.Child(node, _frames.Intern(innermostFirst[i]));
        }

        return node;
    }

    private int SlotOf(ThreadStack thread) => SlotOf(thread.NativeThreadId, thread.Name, thread.Process);

    /// <summary>A process's samples that have no thread (GIL mode's idle and failed ones) go on its main thread's track.</summary>
    private int SlotOf(SampleProcess process) => SlotOf(process.Pid, null, process);

    private int SlotOf(int nativeThreadId, string? name, SampleProcess? process)
    {
        if (_threadSlots.TryGetValue(nativeThreadId, out int slot))
        {
            if (name is not null && name != _threads[slot].Name)
            {
                _threads[slot] = _threads[slot] with { Name = name }; // named late, as threading.Thread does
            }

            return slot;
        }

        slot = _threads.Count;
        _threads.Add(new TimelineThread(nativeThreadId, name) { Process = process });
        _threadSlots.Add(nativeThreadId, slot);
        return slot;
    }

    private void Add(TimelineRecord record)
    {
        if (_records.Count >= MaxRecords)
        {
            _dropped++;
            return;
        }

        _records.Add(record);
    }
}
