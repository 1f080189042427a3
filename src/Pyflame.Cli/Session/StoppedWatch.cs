using Pyflame.Cli.Console;
using Pyflame.Core.Model;
using Pyflame.Core.Sampling;
using Pyflame.Linux;

namespace Pyflame.Cli.Session;

/// <summary>
/// Counts the samples taken while the target was stopped by a signal: those repeat its frozen stack and would read
/// as busy time. The state is read at most every <see cref="CheckMilliseconds"/>, a few system calls, not per sample.
/// A paused run asks the pauser (<see cref="Watch"/>): a traced thread in a group-stop shows in /proc as a tracing
/// stop, like the pauser's own stops, so /proc says "stopped" only for a run that does not trace.
/// </summary>
internal sealed class StoppedWatch(ISampleSink inner, int readPid) : ISampleSink
{
    private const long CheckMilliseconds = 100;
    private long _lastCheck = -CheckMilliseconds; // TickCount64 is never negative, so the first sample checks
    private bool _stopped;
    private PtraceSuspender? _pauser;

    public int StoppedSamples { get; private set; }

    public int Samples { get; private set; }

    public void OnSample(Sample sample)
    {
        long now = Environment.TickCount64;
        if (now - _lastCheck >= CheckMilliseconds)
        {
            _lastCheck = now;
            // The pauser may not have collected a stop /proc already shows (untraced state 'T' while seizing).
            _stopped = _pauser?.IsGroupStopped == true || ProcessCondition.IsStoppedNow(readPid, readPid);
        }

        Samples++;
        StoppedSamples += _stopped ? 1 : 0;
        inner.OnSample(sample);
    }

    /// <summary>Blocking mode: the pauser that traces the target (called on the sampling thread, which also calls <see cref="OnSample"/>).</summary>
    public void Watch(PtraceSuspender? pauser) => _pauser = pauser;

    public void OnCompleted() => inner.OnCompleted();

    /// <summary>
    /// One note when the target was stopped during the run; none when it was stopped at the start, which its own note
    /// already said (a paused run may see a stop that was there at the start only after its first samples, since the
    /// seize re-reports it to the tracer, so the counts alone would give a second, wrong note).
    /// </summary>
    public void Report(IConsole console, int pid, bool stoppedAtStart)
    {
        if (StoppedSamples > 0 && !stoppedAtStart)
        {
            console.Error.WriteLine(TargetNotes.StoppedDuring(pid, StoppedSamples, Samples));
        }
    }
}
