using Pyflame.Core.Model;

namespace Pyflame.Core.Tests.Model;

/// <summary>The per-thread rules every consumer of a sample shares.</summary>
public sealed class SampleTests
{
    private static readonly FrameInfo[] Busy = [new FrameInfo("/app.py", "work", 3)];

    private static ThreadStack Thread(int tid, bool idle = false, IReadOnlyList<FrameInfo>? frames = null, ReadFailure? failure = null) =>
        new(0x1000UL * (ulong)tid, (ulong)tid, tid, null, HoldsGil: false, IsIdle: idle, frames ?? Busy, failure);

    [Fact]
    public void A_thread_shows_idle_when_idle_frameless_or_in_an_idle_sample_but_never_when_failed()
    {
        ThreadStack running = Thread(1);
        ThreadStack idle = Thread(2, idle: true);
        ThreadStack frameless = Thread(3, frames: []);
        ThreadStack failed = Thread(4, idle: true, frames: [], failure: ReadFailure.Unreadable("torn"));
        Sample stacks = new(1, SampleOutcome.Stacks, [running, idle, frameless, failed]);
        Sample idleSample = new(2, SampleOutcome.Idle, [running, failed]);

        Assert.Equal([false, true, true, false], stacks.Threads.Select(stacks.ShowsIdle));
        Assert.True(idleSample.ShowsIdle(running));
        Assert.False(idleSample.ShowsIdle(failed));
    }

    [Fact]
    public void Failed_threads_are_counted() =>
        Assert.Equal(2, new Sample(1, SampleOutcome.Stacks,
            [Thread(1), Thread(2, failure: ReadFailure.Unreadable("a")), Thread(3, failure: ReadFailure.Unreadable("b"))]).FailedThreadCount);
}
