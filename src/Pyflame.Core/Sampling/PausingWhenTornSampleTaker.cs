using Pyflame.Core.Model;

namespace Pyflame.Core.Sampling;

/// <summary>
/// <see cref="PausePolicy.WhenTorn"/>: each sample is read without pausing (<see cref="NonBlockingSampleTaker"/>,
/// which checks that the stacks it walked held still); a sample with anything it could not read consistently — the
/// whole sample or one thread (failed) — is read again paused (<see cref="BlockingSampleTaker"/>), and that reading
/// is the sample. So (failed) means what it means when pausing, and the pause is paid only for the few samples whose
/// stack changed under the reader (real code on 3.11+: 0.8-5 % of them). The first sample pauses: a command held at
/// its start (trace mode) is taken over stopped and let go by that first pause.
/// </summary>
public sealed class PausingWhenTornSampleTaker(NonBlockingSampleTaker unpaused, BlockingSampleTaker paused) : ISampleSource
{
    private bool _started;

    /// <summary>The target stays traced between samples: signals it receives meanwhile are passed on.</summary>
    public void ServiceTarget() => paused.ServiceTarget();

    public Sample Take(long timestampMicroseconds, bool allThreads)
    {
        if (!_started)
        {
            _started = true;
            return paused.Take(timestampMicroseconds, allThreads);
        }

        Sample sample = unpaused.Take(timestampMicroseconds, allThreads);
        if (sample.Outcome != SampleOutcome.Failed && sample.FailedThreadCount == 0)
        {
            return sample;
        }

        return paused.Take(timestampMicroseconds, allThreads);
    }
}
