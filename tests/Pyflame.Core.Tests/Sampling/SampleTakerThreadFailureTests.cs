using Pyflame.Core.Model;
using Pyflame.Core.Python.Layouts;
using Pyflame.Core.Python.Walking;
using Pyflame.Core.Sampling;
using Pyflame.Core.Tests.Fakes;

namespace Pyflame.Core.Tests.Sampling;

/// <summary>In an all-threads sample, a thread whose stack cannot be read fails alone; the others keep their stacks.</summary>
public sealed class SampleTakerThreadFailureTests
{
    private readonly PyHeapBuilder _heap = new(GeneratedLayouts.Python311);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void One_unreadable_thread_is_failed_under_its_own_root_and_the_healthy_ones_are_kept(bool blocking)
    {
        ulong work = _heap.Frame(_heap.Code("/app.py", "work", 5, 6), 0);
        ulong broken = _heap.Frame(_heap.Code("/app.py", "broken", 8, 9), 0xdead_0000); // caller in unmapped memory
        _heap.Interpreter((work, 0x100, 10), (broken, 0x200, 11));

        Sample sample = Take(blocking);

        Assert.Equal(SampleOutcome.Stacks, sample.Outcome);
        ThreadStack healthy = sample.Threads.Single(t => t.NativeThreadId == 10);
        Assert.False(healthy.IsFailed);
        Assert.Equal([new FrameInfo("/app.py", "work", 6)], healthy.Frames);
        ThreadStack failed = sample.Threads.Single(t => t.NativeThreadId == 11);
        Assert.True(failed.IsFailed);
        Assert.Empty(failed.Frames);
        Assert.Contains("unreadable", failed.FailureReason?.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void When_every_thread_fails_the_whole_sample_is_failed(bool blocking)
    {
        ulong broken = _heap.Frame(_heap.Code("/app.py", "broken", 8, 9), 0xdead_0000);
        _heap.Interpreter((broken, 0x200, 11));

        Sample sample = Take(blocking);

        Assert.Equal(SampleOutcome.Failed, sample.Outcome);
        Assert.Contains("unreadable", sample.FailureReason?.Text, StringComparison.Ordinal);
    }

    private Sample Take(bool blocking)
    {
        StackWalker walker = new(_heap.Memory, _heap.Runtime());
        ISampleSource taker = blocking ? new BlockingSampleTaker(walker, new RecordingPauser(), activity: null) : new NonBlockingSampleTaker(walker, activity: null);
        return taker.Take(0, allThreads: true);
    }
}
