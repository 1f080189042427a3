using Pyflame.Core.Model;
using Pyflame.Core.Sampling;

namespace Pyflame.Cli.Live;

/// <summary>
/// The live view samples every thread; a profile file written beside it without --threads keeps
/// Pyflame's GIL mode. This passes on only the GIL holder's stack of each sample, and a sample in
/// which nobody holds the GIL as idle, which is what sampling the holder alone would have recorded.
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
        inner.OnSample(holders.Length == 0
            ? sample with { Outcome = SampleOutcome.Idle, Threads = [] }
            : sample with { Threads = holders });
    }

    public void OnCompleted() => inner.OnCompleted();
}
