using Pyflame.Core.Model;
using Pyflame.Core.Python.Layouts;
using Pyflame.Core.Python.Walking;
using Pyflame.Core.Sampling;
using Pyflame.Core.Tests.Fakes;

namespace Pyflame.Core.Tests.Sampling;

/// <summary>Without a pause, a stack counts only if the thread's top frame held still while it was read.</summary>
public sealed class SampleTakerNonBlockingTests
{
    private readonly PyHeapBuilder _heap = new(GeneratedLayouts.Python312);
    private readonly ulong _topFieldOfThread;
    private readonly ulong _oldTop;
    private readonly ulong _newTop;

    public SampleTakerNonBlockingTests()
    {
        ulong module = _heap.Frame(_heap.Code("/m.py", "<module>", 1, 9), 0);
        _oldTop = _heap.Frame(_heap.Code("/m.py", "old", 20, 21), module);
        _newTop = _heap.Frame(_heap.Code("/m.py", "new", 30, 31), module);
        ulong interp = _heap.Interpreter((_oldTop, 0x1, 11));
        ulong tstate = _heap.ThreadStates(interp)[0];
        ulong cframe = BitConverter.ToUInt64(ReadBytes(tstate + (ulong)_heap.Layout.ThreadCFrame, 8));
        _topFieldOfThread = cframe + (ulong)_heap.Layout.CFrameCurrentFrame;
    }

    [Fact]
    public void A_stack_that_changed_during_the_walk_is_read_again_from_the_new_top()
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
    public void A_stack_that_never_holds_still_is_a_failed_sample_not_a_torn_one()
    {
        bool atOld = true;
        ChangingMemory memory = new(_heap.Memory, (_, address) =>
        {
            if (address == _topFieldOfThread)
            {
                // Every look at the top frame finds the thread has called or returned since.
                atOld = !atOld;
                _heap.Memory.WriteU64(_topFieldOfThread, atOld ? _oldTop : _newTop);
            }
        });

        Sample sample = Take(memory);

        Assert.Equal(SampleOutcome.Failed, sample.Outcome);
        Assert.Contains("kept changing", sample.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_still_stack_is_read_once()
    {
        Sample sample = Take(_heap.Memory);

        Assert.Equal(["old", "<module>"], Assert.Single(sample.Threads).Frames.Select(f => f.Function));
    }

    private Sample Take(Core.Memory.IMemoryReader memory)
    {
        StackWalker walker = new(memory, _heap.Runtime());
        return new SampleTaker(walker, pauser: null, activity: null).Take(0, allThreads: true);
    }

    private byte[] ReadBytes(ulong address, int length)
    {
        byte[] buffer = new byte[length];
        _heap.Memory.Read(address, buffer);
        return buffer;
    }
}
