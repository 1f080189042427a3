using Pyflame.Core.Model;
using Pyflame.Core.Python.Layouts;
using Pyflame.Core.Python.Walking;
using Pyflame.Core.Sampling;
using Pyflame.Core.Tests.Fakes;

namespace Pyflame.Core.Tests.Sampling;

/// <summary>
/// Without a pause, a stack counts only if its callers held still while it was read; a leaf that changes after
/// the walk read it neither fails nor re-takes the sample (that would bias the profile against short functions).
/// </summary>
public sealed class NonBlockingSampleTakerTests
{
    private readonly PyHeapBuilder _heap = new(GeneratedLayouts.Python312);
    private readonly ulong _topFieldOfThread;
    private readonly ulong _module;
    private readonly ulong _oldTop;
    private readonly ulong _newTop;

    public NonBlockingSampleTakerTests()
    {
        _module = _heap.Frame(_heap.Code("/m.py", "<module>", 1, 9), 0);
        _oldTop = _heap.Frame(_heap.Code("/m.py", "old", 20, 21), _module);
        _newTop = _heap.Frame(_heap.Code("/m.py", "new", 30, 31), _module);
        ulong interp = _heap.Interpreter((_oldTop, 0x1, 11));
        ulong tstate = _heap.ThreadStates(interp)[0];
        _heap.InterpreterGil(interp, tstate);
        ulong cframe = BitConverter.ToUInt64(ReadBytes(tstate + (ulong)_heap.Layout.ThreadCFrame, 8));
        _topFieldOfThread = cframe + (ulong)_heap.Layout.CFrameCurrentFrame;
    }

    [Fact]
    public void A_stack_whose_top_moved_before_it_was_read_shows_the_new_top()
    {
        bool moved = false;
        ChangingMemory memory = new(_heap.Memory, (reads, _) =>
        {
            if (!moved && reads == 6)
            {
                moved = true;
                _heap.Memory.WriteU64(_topFieldOfThread, _newTop);
            }
        });

        Sample sample = Take(memory);

        Assert.Equal(SampleOutcome.Stacks, sample.Outcome);
        Assert.Equal(["new", "<module>"], Assert.Single(sample.Threads).Frames.Select(f => f.Function));
    }

    [Fact]
    public void A_stack_whose_callers_never_hold_still_is_a_failed_sample_not_a_torn_one()
    {
        ulong moduleCode = BitConverter.ToUInt64(ReadBytes(_module + (ulong)_heap.Layout.IFrameCode, 8));
        ulong otherCode = _heap.Code("/m.py", "elsewhere", 40, 41);
        bool atModule = true;
        ChangingMemory memory = new(_heap.Memory, (_, address) =>
        {
            if (address == _module)
            {
                // Every look at the caller finds it running other code: the stack below the top keeps changing.
                atModule = !atModule;
                _heap.Memory.WriteU64(_module + (ulong)_heap.Layout.IFrameCode, atModule ? moduleCode : otherCode);
            }
        });

        Sample sample = Take(memory);

        Assert.Equal(SampleOutcome.Failed, sample.Outcome);
        Assert.Contains("kept changing", sample.FailureReason?.Text, StringComparison.Ordinal);
        Assert.Equal(FailureCause.Changing, sample.FailureReason?.Cause);
    }

    [Fact]
    public void A_call_made_after_the_walk_leaves_the_sample_as_it_was_read()
    {
        ulong deeper = _heap.Frame(_heap.Code("/m.py", "deeper", 50, 51), _oldTop);
        bool called = false;
        ChangingMemory memory = new(_heap.Memory, (_, address) =>
        {
            if (!called && address == _module)
            {
                called = true; // the walk has read the whole stack: the thread now calls deeper
                _heap.Memory.WriteU64(_topFieldOfThread, deeper);
            }
        });

        Sample sample = Take(memory, allThreads: false);

        Assert.Equal(SampleOutcome.Stacks, sample.Outcome);
        Assert.Equal(["old", "<module>"], Assert.Single(sample.Threads).Frames.Select(f => f.Function));
    }

    [Fact]
    public void A_still_stack_is_read_once()
    {
        Sample sample = Take(_heap.Memory);

        Assert.Equal(["old", "<module>"], Assert.Single(sample.Threads).Frames.Select(f => f.Function));
    }

    private Sample Take(Core.Memory.IMemoryReader memory, bool allThreads = true)
    {
        StackWalker walker = new(memory, _heap.Runtime());
        return new NonBlockingSampleTaker(walker, activity: null).Take(0, allThreads);
    }

    private byte[] ReadBytes(ulong address, int length)
    {
        byte[] buffer = new byte[length];
        _heap.Memory.Read(address, buffer);
        return buffer;
    }
}
