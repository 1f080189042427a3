using Pyflame.Core.Aggregation;
using Pyflame.Core.Model;
using Pyflame.Core.Sampling;

namespace Pyflame.Cli.Live;

/// <summary>
/// The live view's sink: counts every tick for the header and keeps each thread's stacks (with lines;
/// the view merges them by function when asked). The view pauses it (samples taken meanwhile are
/// dropped, so a paused stretch is not in the profile) and resets it (starts afresh); both happen on
/// the view's thread while the sampler's thread feeds it, hence the lock.
/// </summary>
internal sealed class LiveRecorder : ISampleSink
{
    private readonly StackAggregatorOptions _options;
    private readonly Lock _gate = new();
    private StackAggregator _stacks;
    private long _ticks;
    private long _failed;
    private long _idle;
    private long _gilHeld;
    private int _threads;
    private bool _paused;

    public LiveRecorder(int pid, string? command, TimeSpan interval)
    {
        _options = new StackAggregatorOptions(PerThread: true, ExcludeIdle: false, LineNumbers: true)
        {
            Pid = pid,
            Command = command,
            Interval = interval,
        };
        _stacks = new StackAggregator(_options);
    }

    public bool Paused
    {
        get
        {
            lock (_gate)
            {
                return _paused;
            }
        }

        set
        {
            lock (_gate)
            {
                _paused = value;
            }
        }
    }

    public void OnSample(Sample sample)
    {
        lock (_gate)
        {
            if (_paused)
            {
                return;
            }

            Count(sample);
            _stacks.OnSample(sample);
        }
    }

    public void OnCompleted()
    {
    }

    /// <summary>Forgets everything recorded so far.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _stacks = new StackAggregator(_options);
            _ticks = _failed = _idle = _gilHeld = 0;
            _threads = 0;
        }
    }

    public LiveSnapshot Snapshot()
    {
        lock (_gate)
        {
            return new LiveSnapshot(_stacks.ToProfile(), new LiveCounts(_ticks, _failed, _idle, _gilHeld, _threads));
        }
    }

    private void Count(Sample sample)
    {
        _ticks++;
        if (sample.Outcome == SampleOutcome.Failed)
        {
            _failed++;
            return;
        }

        _threads = sample.Threads.Count;
        bool running = false;
        bool gil = false;
        bool threadFailed = false;
        foreach (ThreadStack thread in sample.Threads)
        {
            running |= !thread.IsIdle && thread.Frames.Count > 0;
            gil |= thread.HoldsGil;
            threadFailed |= thread.IsFailed;
        }

        // One thread's unreadable stack is an error of the tick; the other threads' stacks still count.
        _failed += threadFailed ? 1 : 0;
        _idle += sample.Outcome == SampleOutcome.Idle || (!running && !threadFailed) ? 1 : 0;
        _gilHeld += gil ? 1 : 0;
    }
}
