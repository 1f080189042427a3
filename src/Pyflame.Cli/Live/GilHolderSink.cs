using Pyflame.Core.Model;
using Pyflame.Core.Sampling;

namespace Pyflame.Cli.Live;

/// <summary>
/// The live view samples every thread; a profile file written beside it without --threads keeps
/// Pyflame's GIL mode. This passes on only the GIL holder's stack of each sample, and a sample in
/// which nobody holds the GIL as idle (as failed when the holder's stack could not be read), which is
/// what sampling the holder alone would have recorded.
/// </summary>
internal sealed class GilHolderSink(ISampleSink inner) : ISampleSink
{
    public void OnSample(Sample sample)
    {
        if (sample.Outcome != SampleOutcome.Stacks)
        {
            inner.OnSample(sample);
            return;
        }

        ThreadStack[] holders = [.. sample.Threads.Where(t => t.HoldsGil)];
        inner.OnSample(holders switch
        {
            [] => sample with { Outcome = SampleOutcome.Idle, Threads = [] },
            [{ IsFailed: true } failed, ..] => sample with { Outcome = SampleOutcome.Failed, Threads = [], FailureReason = failed.FailureReason },
            _ => sample with { Threads = holders },
        });
    }

    public void OnCompleted() => inner.OnCompleted();
}
