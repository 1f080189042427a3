using Pyflame.Core.Memory;
using Pyflame.Core.Model;
using Pyflame.Core.Python.Threads;
using Pyflame.Core.Python.Walking;
using Pyflame.Core.Targets;

namespace Pyflame.Core.Sampling;

/// <summary>
/// Takes one sample: optionally pauses the target, reads the thread list and walks the stacks the
/// mode asks for (the GIL holder's, or every thread's), then always resumes the target.
/// </summary>
public sealed class SampleTaker : ISampleSource
{
    private readonly StackWalker _walker;
    private readonly IProcessPauser? _pauser;
    private readonly IThreadActivityProbe? _activity;
    private readonly ThreadNameCache? _names;
    private readonly PageCacheMemoryReader? _pageCache;
    private readonly List<ThreadRecord> _threads = [];
    private readonly List<ulong> _gilHolders = [];
    private readonly List<Model.FrameInfo> _frames = [];

    /// <param name="names">Fills <see cref="ThreadStack.Name"/> in all-threads samples; null leaves names empty.</param>
    /// <param name="pageCache">The page cache the walker reads through, if any: emptied whenever the target may have run.</param>
    public SampleTaker(
        StackWalker walker,
        IProcessPauser? pauser,
        IThreadActivityProbe? activity,
        ThreadNameCache? names = null,
        PageCacheMemoryReader? pageCache = null)
    {
        _pageCache = pageCache;
        _walker = walker;
        _pauser = pauser;
        _activity = activity;
        _names = names;
    }

    /// <summary>Between samples: lets the pauser deliver signals that arrived while the target was traced.</summary>
    public void ServiceTarget() => _pauser?.ServicePendingStops();

    public Sample Take(long timestampMicroseconds, bool allThreads)
    {
        if (allThreads)
        {
            _activity?.Capture();
        }

        _pageCache?.Invalidate();
        if (_pauser is not null && !_pauser.TryPause())
        {
            _pauser.Resume();
            return Failed(timestampMicroseconds, "could not stop the target's threads");
        }

        try
        {
            return allThreads ? TakeAll(timestampMicroseconds) : TakeGilHolder(timestampMicroseconds);
        }
        finally
        {
            _pauser?.Resume();
        }
    }

    /// <summary>Walks tried per thread and sample when the target runs on while it is read.</summary>
    private const int NonBlockingAttempts = 3;

    /// <summary>
    /// Paused, a walk is consistent by construction. Running on (--nonblocking), frames can be popped and
    /// reused under the reader, so a walk counts only if the thread's top frame is the same before and
    /// after it; otherwise it is tried again from the new top, and finally counted as failed.
    /// </summary>
    private bool TryWalkThread(ThreadRecord thread, out string? error)
    {
        ulong top = thread.TopFrame;
        for (int attempt = 1; ; attempt++)
        {
            bool walked = _walker.TryWalk(top, _frames, out error);
            if (_pauser is not null)
            {
                return walked;
            }

            _pageCache?.Invalidate();
            if (!_walker.TryReadTopFrame(thread.ThreadState, out ulong now))
            {
                error = "the thread state vanished while it was read";
                return false;
            }

            if (walked && now == top)
            {
                return true;
            }

            if (attempt == NonBlockingAttempts)
            {
                error = error ?? "the stack kept changing while it was read (non-blocking mode)";
                return false;
            }

            top = now;
        }
    }

    private Sample TakeGilHolder(long timestamp)
    {
        if (!_walker.TryReadThreads(_threads, _gilHolders, out string? error))
        {
            return Failed(timestamp, error);
        }

        foreach (ThreadRecord thread in _threads)
        {
            if (!_gilHolders.Contains(thread.ThreadState))
            {
                continue;
            }

            if (!TryWalkThread(thread, out error))
            {
                return Failed(timestamp, error);
            }

            // A GIL holder with no Python frame is in C code (start-up, shutdown, a C extension's callback setup).
            return _frames.Count == 0
                ? new Sample(timestamp, SampleOutcome.Idle, [])
                : new Sample(timestamp, SampleOutcome.Stacks, [ToStack(thread, name: null, holdsGil: true, idle: false)]);
        }

        return new Sample(timestamp, SampleOutcome.Idle, []);
    }

    private Sample TakeAll(long timestamp)
    {
        if (!_walker.TryReadThreads(_threads, _gilHolders, out string? error))
        {
            return Failed(timestamp, error);
        }

        // Read while the target is paused, like the stacks; GIL-holder samples never carry names.
        _names?.Update(_threads);
        List<ThreadStack> stacks = new(_threads.Count);
        foreach (ThreadRecord thread in _threads)
        {
            if (!TryWalkThread(thread, out error))
            {
                return Failed(timestamp, error);
            }

            if (_frames.Count == 0)
            {
                continue;
            }

            bool holdsGil = _gilHolders.Contains(thread.ThreadState);
            stacks.Add(ToStack(thread, _names?.NameOf(thread), holdsGil, idle: !holdsGil && !IsRunning(thread.NativeThreadId)));
        }

        return stacks.Count == 0
            ? new Sample(timestamp, SampleOutcome.Idle, [])
            : new Sample(timestamp, SampleOutcome.Stacks, stacks);
    }

    /// <summary>Without an OS answer a thread counts as running, so no time is hidden as idle by guesswork.</summary>
    private bool IsRunning(int nativeThreadId) =>
        _activity is null || !_activity.TryIsRunning(nativeThreadId, out bool running) || running;

    private ThreadStack ToStack(ThreadRecord thread, string? name, bool holdsGil, bool idle) =>
        new(thread.ThreadState, thread.PthreadId, thread.NativeThreadId, name, holdsGil, idle, _frames.ToArray());

    private static Sample Failed(long timestamp, string? reason) =>
        new(timestamp, SampleOutcome.Failed, [], reason);
}
