using Pyflame.Core.Model;
using Pyflame.Core.Python.Walking;

namespace Pyflame.Core.Sampling;

/// <summary>
/// Non-blocking mode (no pauser): the target runs on while it is read, so frames can be popped and reused under
/// the reader. A sample reads in batches of the pages each step used last time: the thread state(s) and top
/// frames first, together (a top frame read long after the pointer to it has often returned), then the callers
/// and code objects. Then each stack's anchor (the top frame's caller, see <see cref="StackAnchor"/>) is read
/// again: a stack counts only if its callers held still over the walk. One that moved is read again from the
/// thread state, and after <see cref="NonBlockingAttempts"/> walks counts as failed, so torn stacks become
/// (failed) samples the summary reports, never wrong ones.
/// </summary>
public sealed partial class SampleTaker
{
    /// <summary>Walks tried per thread and sample.</summary>
    private const int NonBlockingAttempts = 3;

    /// <summary>Every walked stack's anchor, read again after the walks.</summary>
    private const int RecheckPhase = 2;

    /// <summary>A stack walked again after its callers moved.</summary>
    private const int RetryPhase = 3;

    /// <summary>The anchor of a stack walked again, read again.</summary>
    private const int RetryRecheckPhase = 4;

    /// <summary>After the thread states and top frames (<see cref="WalkPhase"/>): the rest of the stacks.</summary>
    private const int CallersPhase = 5;

    private readonly List<StackAnchor> _anchors = [];
    private readonly List<ThreadStack?> _walkedStacks = [];
    private readonly List<bool> _walkedEmpty = [];

    private Sample TakeGilHolderRunning(long timestamp)
    {
        BeginPhase(WalkPhase);
        if (!_walker.TryReadGilHolders(_gilHolders))
        {
            return Failed(timestamp, ReadFailure.Unreadable("the interpreter is not initialised (or already finalised)"));
        }

        if (_gilHolders.Count == 0)
        {
            return Idle(timestamp);
        }

        if (!_walker.TryReadThread(_gilHolders[0], out ThreadRecord holder))
        {
            return Failed(timestamp, ReadFailure.Unreadable("the GIL holder's thread state is unreadable"));
        }

        _ = _walker.TryPeekFrame(holder.TopFrame);
        _pageCache?.ContinuePhase(CallersPhase);
        bool walked = _walker.TryWalk(holder.TopFrame, _frames, out ReadFailure? error);
        StackAnchor anchor = _walker.AnchorOfLastWalk;
        BeginPhase(RecheckPhase);
        if (!(walked && _walker.IsUnchanged(anchor)) && !TryWalkAgain(ref holder, out error))
        {
            return Failed(timestamp, error);
        }

        return GilHolderSample(timestamp, holder);
    }

    private Sample TakeAllRunning(long timestamp)
    {
        BeginPhase(WalkPhase);
        if (!_walker.TryReadThreads(_threads, _gilHolders, out ReadFailure? error))
        {
            return Failed(timestamp, error);
        }

        foreach (ThreadRecord thread in _threads)
        {
            _ = _walker.TryPeekFrame(thread.TopFrame);
        }

        _pageCache?.ContinuePhase(CallersPhase);
        _names?.Update(_threads);
        _anchors.Clear();
        _walkedStacks.Clear();
        _walkedEmpty.Clear();
        foreach (ThreadRecord thread in _threads)
        {
            bool walked = _walker.TryWalk(thread.TopFrame, _frames, out _);
            _anchors.Add(walked ? _walker.AnchorOfLastWalk : default);
            _walkedEmpty.Add(walked && _frames.Count == 0);
            _walkedStacks.Add(walked && _frames.Count > 0 ? ThreadSample(thread) : null);
        }

        // One batch re-reads every anchor; only the stacks whose callers moved are read again.
        BeginPhase(RecheckPhase);
        List<ThreadStack> stacks = new(_threads.Count);
        ReadFailure? lastError = null;
        for (int i = 0; i < _threads.Count; i++)
        {
            if (_walkedStacks[i] is not null && !_walker.IsUnchanged(_anchors[i]))
            {
                _walkedStacks[i] = null;
            }
        }

        for (int i = 0; i < _threads.Count; i++)
        {
            ThreadStack? stack = _walkedStacks[i];
            if (stack is null && !_walkedEmpty[i])
            {
                ThreadRecord thread = _threads[i];
                if (TryWalkAgain(ref thread, out error))
                {
                    stack = _frames.Count == 0 ? null : ThreadSample(thread);
                }
                else
                {
                    lastError = error;
                    stack = FailedThread(thread, error);
                }
            }

            if (stack is not null)
            {
                stacks.Add(stack);
            }
        }

        return AllThreadsSample(timestamp, stacks, lastError);
    }

    /// <summary>
    /// The first walk of a thread's stack did not hold still: reads the thread state again and walks from its top
    /// into <see cref="_frames"/> until a walk's anchor holds still; <paramref name="thread"/> becomes that reading.
    /// </summary>
    private bool TryWalkAgain(ref ThreadRecord thread, out ReadFailure? error)
    {
        error = null;
        ulong threadState = thread.ThreadState;
        for (int attempt = 2; attempt <= NonBlockingAttempts; attempt++)
        {
            BeginPhase(RetryPhase);
            if (!_walker.TryReadThread(threadState, out thread))
            {
                error = ReadFailure.Changing("the thread state vanished while it was read");
                return false;
            }

            bool walked = _walker.TryWalk(thread.TopFrame, _frames, out error);
            StackAnchor anchor = _walker.AnchorOfLastWalk;
            BeginPhase(RetryRecheckPhase);
            if (walked && _walker.IsUnchanged(anchor))
            {
                return true;
            }
        }

        error ??= ReadFailure.Changing("the stack kept changing while it was read (non-blocking mode)");
        return false;
    }
}
