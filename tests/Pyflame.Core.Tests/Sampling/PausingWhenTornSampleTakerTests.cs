using Pyflame.Core.Model;
using Pyflame.Core.Python.Layouts;
using Pyflame.Core.Python.Walking;
using Pyflame.Core.Sampling;
using Pyflame.Core.Tests.Fakes;

namespace Pyflame.Core.Tests.Sampling;

/// <summary>
/// The default on 3.11+: samples are read without pausing, and only one that did not hold still is read again
/// paused, so a target whose stack keeps changing gives exact stacks, never (failed) ones.
/// </summary>
public sealed class PausingWhenTornSampleTakerTests
{
    private const int HolderTid = 11;

    private readonly PyHeapBuilder _heap = new(GeneratedLayouts.Python312);
    private readonly ulong _module;
    private readonly ulong _moduleCode;
    private readonly ulong _otherCode;

    public PausingWhenTornSampleTakerTests()
    {
        _moduleCode = _heap.Code("/m.py", "<module>", 1, 9);
        _otherCode = _heap.Code("/m.py", "elsewhere", 40, 41);
        _module = _heap.Frame(_moduleCode, 0);
        ulong top = _heap.Frame(_heap.Code("/m.py", "work", 20, 21), _module);
        ulong interp = _heap.Interpreter((top, 0x1, HolderTid));
        _heap.InterpreterGil(interp, _heap.ThreadStates(interp)[0]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_first_sample_pauses_then_a_still_stack_is_read_without_pausing(bool allThreads)
    {
        RecordingPauser pauser = new();
        PausingWhenTornSampleTaker taker = Taker(_heap.Memory, pauser);

        Sample first = taker.Take(0, allThreads);
        int pausesAfterFirst = pauser.Pauses.Count;
        Sample[] later = [.. Enumerable.Range(1, 5).Select(i => taker.Take(i, allThreads))];

        Assert.Equal(1, pausesAfterFirst);
        Assert.Single(pauser.Pauses);
        Assert.All(later.Prepend(first), sample =>
            Assert.Equal(["work", "<module>"], Assert.Single(sample.Threads).Frames.Select(f => f.Function)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_stack_that_keeps_changing_while_running_is_read_again_paused_and_is_exact(bool allThreads)
    {
        RecordingPauser pauser = new();
        bool atModule = true;
        ChangingMemory memory = new(_heap.Memory, (_, address) =>
        {
            if (address == _module && !pauser.IsPaused)
            {
                // While the thread runs, every look at the caller finds it running other code; paused, it holds still.
                atModule = !atModule;
                _heap.Memory.WriteU64(_module + (ulong)_heap.Layout.IFrameCode, atModule ? _moduleCode : _otherCode);
            }
        });
        PausingWhenTornSampleTaker taker = Taker(memory, pauser);
        _ = taker.Take(0, allThreads);
        int before = pauser.Pauses.Count;

        Sample sample = taker.Take(1, allThreads);

        Assert.Equal(SampleOutcome.Stacks, sample.Outcome);
        ThreadStack stack = Assert.Single(sample.Threads);
        Assert.False(stack.IsFailed);
        Assert.Equal("work", stack.Frames[0].Function);
        Assert.Equal([[HolderTid]], pauser.Pauses.Skip(before));
        Assert.False(pauser.IsPaused);
    }

    private PausingWhenTornSampleTaker Taker(Core.Memory.IMemoryReader memory, RecordingPauser pauser)
    {
        StackWalker walker = new(memory, _heap.Runtime());
        return new PausingWhenTornSampleTaker(
            new NonBlockingSampleTaker(walker, activity: null), new BlockingSampleTaker(walker, pauser, activity: null));
    }
}
