using Pyflame.Cli.Live;
using Pyflame.Core.Model;
using Pyflame.Core.Sampling;
using static Pyflame.Cli.Tests.Live.LiveSamples;

namespace Pyflame.Cli.Tests.Live;

public sealed class GilHolderSinkTests
{
    [Fact]
    public void Passes_on_only_the_gil_holder_or_idle_when_nobody_holds_it()
    {
        List<Sample> seen = [];
        GilHolderSink sink = new(new ListSink(seen));
        ThreadStack holder = Thread(WorkerTid, gil: true, idle: false, Crunch);

        sink.OnSample(Tick(Thread(MainTid, gil: false, idle: false, ParseA), holder));
        sink.OnSample(Tick(Thread(MainTid, gil: false, idle: true, Wait)));
        sink.OnSample(Failed());

        Assert.Equal([holder], seen[0].Threads);
        Assert.Equal(SampleOutcome.Idle, seen[1].Outcome);
        Assert.Empty(seen[1].Threads);
        Assert.Equal(SampleOutcome.Failed, seen[2].Outcome);
    }

    [Fact]
    public void A_holder_whose_stack_failed_makes_a_failed_sample()
    {
        List<Sample> seen = [];
        GilHolderSink sink = new(new ListSink(seen));

        sink.OnSample(Tick(Thread(MainTid, gil: false, idle: false, ParseA), Thread(WorkerTid, gil: true, idle: false) with { FailureReason = ReadFailure.Changing("torn") }));

        Assert.Equal(SampleOutcome.Failed, seen[0].Outcome);
        Assert.Equal(ReadFailure.Changing("torn"), seen[0].FailureReason);
    }

    private sealed class ListSink(List<Sample> samples) : ISampleSink
    {
        public void OnSample(Sample sample) => samples.Add(sample);

        public void OnCompleted()
        {
        }
    }
}
