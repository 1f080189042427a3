using Pyflame.Cli.Live;
using Pyflame.Core.Model;
using static Pyflame.Cli.Tests.Live.LiveSamples;

namespace Pyflame.Cli.Tests.Live;

public sealed class LiveRecorderTests
{
    [Fact]
    public void Counts_ticks_failures_idle_ticks_gil_ticks_and_threads()
    {
        LiveRecorder recorder = Recorded();
        recorder.OnSample(Failed());
        recorder.OnSample(new Sample(1, SampleOutcome.Idle, []));

        // 12 ticks: 6 with the worker holding the GIL; idle when every thread was (4 of the 10) or nobody ran (1).
        Assert.Equal(new LiveCounts(Ticks: 12, Failed: 1, Idle: 5, GilHeld: 6, Threads: 0), recorder.Snapshot().Counts);
    }

    [Fact]
    public void A_thread_whose_stack_failed_is_an_error_of_the_tick_and_the_other_threads_still_count()
    {
        LiveRecorder recorder = new(1, null, TimeSpan.FromMilliseconds(10));
        recorder.OnSample(Tick(Thread(MainTid, gil: true, idle: false, ParseA), Thread(WorkerTid, gil: false, idle: false) with { FailureReason = ReadFailure.Changing("torn") }));

        LiveSnapshot snapshot = recorder.Snapshot();
        Assert.Equal(new LiveCounts(Ticks: 1, Failed: 1, Idle: 0, GilHeld: 1, Threads: 2), snapshot.Counts);
        Assert.Equal([new LiveRow(ParseA, 1, 1)], LiveTable.Build(snapshot.Profile, LiveViewState.Initial));
    }

    [Fact]
    public void While_paused_samples_are_dropped()
    {
        LiveRecorder recorder = Recorded();
        recorder.Paused = true;
        recorder.OnSample(Tick(Thread(MainTid, gil: true, idle: false, Crunch)));
        recorder.Paused = false;
        recorder.OnSample(Tick(Thread(MainTid, gil: true, idle: false, Crunch)));

        Assert.Equal(11, recorder.Snapshot().Counts.Ticks);
        Assert.Equal(11, recorder.Snapshot().Profile.Metadata.SampleCount);
    }

    [Fact]
    public void Reset_forgets_stacks_and_counts()
    {
        LiveRecorder recorder = Recorded();
        recorder.Reset();
        recorder.OnSample(Tick(Thread(WorkerTid, gil: true, idle: false, ParseA)));

        LiveSnapshot snapshot = recorder.Snapshot();
        Assert.Equal(new LiveCounts(1, 0, 0, 1, 1), snapshot.Counts);
        Assert.Equal([new LiveRow(ParseA, 1, 1)], LiveTable.Build(snapshot.Profile, LiveViewState.Initial));
    }
}
