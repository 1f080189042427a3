using Pyflame.Core.Model;
using Pyflame.Core.Python.Discovery;
using Pyflame.Core.Sampling;
using Pyflame.Core.Targets;
using Pyflame.Linux;

namespace Pyflame.Cli.Session.Family;

/// <summary>
/// One Python process of a family being sampled (<c>--subprocesses</c>), on a thread of its own: its
/// <see cref="SamplingThread"/> seizes, pauses and detaches it there, since ptrace answers only that thread.
/// It disposes the opened target when sampling ends, unless the caller keeps it (the target a session opened).
/// </summary>
internal sealed class ProcessSampler
{
    private readonly Thread _thread;
    private readonly LinuxTargetProcess _target;
    private readonly bool _ownsTarget;

    private ProcessSampler(LinuxTargetProcess target, bool ownsTarget, Action<ProcessSampler> run)
    {
        _target = target;
        _ownsTarget = ownsTarget;
        _thread = new Thread(() => run(this)) { Name = $"pyflame family {target.ProcessId}", IsBackground = true };
    }

    public int Pid => _target.ProcessId;

    /// <summary>When its samples pause the threads they read (per process: it follows the process's version).</summary>
    public PausePolicy Policy { get; private init; }

    public bool IsFinished => !_thread.IsAlive;

    /// <summary>What sampling gave; null when it could not start or the process left before its first sample.</summary>
    public SamplingSummary? Summary { get; private set; }

    /// <summary>Why sampling failed, when it failed for another reason than the process's exit.</summary>
    public string? Failure { get; private set; }

    /// <summary>Starts sampling <paramref name="target"/> into <paramref name="sink"/> (tagged with its process) until it exits or <paramref name="cancellation"/> fires.</summary>
    public static ProcessSampler Start(
        LinuxTargetProcess target, bool ownsTarget, PythonRuntime runtime, FamilySettings settings, ISampleSink sink, CancellationToken cancellation)
    {
        SampleProcess process = new(target.ProcessId, ProcFs.ReadCommandLine(target.ProcessId) ?? string.Empty);
        ISampleSink tagged = HostThreadIdSink.Wrap(new ProcessRootSink(sink, process, settings.PerThread), target);
        PausePolicy policy = settings.Policy(runtime.Version);
        ProcessSampler sampler = new(target, ownsTarget, self => self.Run(runtime, policy, settings, tagged, cancellation)) { Policy = policy };
        sampler._thread.Start();
        return sampler;
    }

    public void Join() => _thread.Join();

    private void Run(PythonRuntime runtime, PausePolicy policy, FamilySettings settings, ISampleSink sink, CancellationToken cancellation)
    {
        try
        {
            Summary = SamplingThread.Run(_target, runtime, policy, settings.Source, sink, settings.Options, cancellation);
        }
        catch (Exception e) when (e is TargetAccessException or TargetException or IOException or UnauthorizedAccessException)
        {
            // A process that exits (or execs) between being found and being seized is no failure: it just left.
            Failure = _target.HasExited || _target.HasReplacedProgram ? null : e.Message;
        }
        finally
        {
            if (_ownsTarget)
            {
                _target.Dispose();
            }
        }
    }
}
