using System.Runtime.ExceptionServices;
using Pyflame.Core.Memory;
using Pyflame.Core.Python.Discovery;
using Pyflame.Core.Python.Threads;
using Pyflame.Core.Python.Walking;
using Pyflame.Core.Sampling;
using Pyflame.Core.Targets;
using Pyflame.Linux;

namespace Pyflame.Cli.Session;

/// <summary>
/// Runs a sampling loop on one dedicated OS thread. ptrace only accepts requests from the thread that
/// seized the target, so seizing, every pause/resume and the final detach all happen here.
/// </summary>
internal static class SamplingThread
{
    public static SamplingSummary Run(
        LinuxTargetProcess target,
        PythonRuntime runtime,
        PausePolicy policy,
        SourceOptions source,
        ISampleSink sink,
        SamplerOptions options,
        CancellationToken cancellation)
    {
        SamplingSummary? summary = null;
        ExceptionDispatchInfo? failure = null;
        Thread thread = new(() =>
        {
            try
            {
                PtraceSuspender? pauser = policy == PausePolicy.Never ? null : PtraceSuspender.Seize(target.ProcessId, target.ThreadIds);
                summary = RunHere(target, runtime, policy, pauser, source, sink, options, cancellation);
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        })
        {
            Name = "pyflame sampler",
            IsBackground = true,
        };
        thread.Start();
        thread.Join();
        failure?.Throw();
        return summary!;
    }

    /// <summary>
    /// The sampling loop on the calling thread, which must be the one that seized <paramref name="pauser"/>'s process
    /// (trace mode samples on the thread that held the command at its start; see <see cref="LaunchHold"/>). Disposes
    /// <paramref name="pauser"/>, which is null exactly when <paramref name="policy"/> never pauses.
    /// </summary>
    public static SamplingSummary RunHere(
        LinuxTargetProcess target,
        PythonRuntime runtime,
        PausePolicy policy,
        PtraceSuspender? pauser,
        SourceOptions source,
        ISampleSink sink,
        SamplerOptions options,
        CancellationToken cancellation)
    {
        using (pauser)
        {
            (sink as StoppedWatch)?.Watch(pauser);
            PageCacheMemoryReader memory = new(target.Memory);
            StackWalker walker = new(memory, runtime);
            ThreadNameCache names = new(new ThreadNameReader(memory, runtime), TimeProvider.System);
            ISampleSource taker = (policy, pauser) switch
            {
                (PausePolicy.Never, _) or (_, null) => new NonBlockingSampleTaker(walker, target, names, memory),
                (PausePolicy.Always, _) => new BlockingSampleTaker(walker, pauser, target, names, memory),
                _ => new PausingWhenTornSampleTaker(
                    new NonBlockingSampleTaker(walker, target, names, memory), new BlockingSampleTaker(walker, pauser, target, names, memory)),
            };
            return new Sampler(target, source.Decorate(taker, target, runtime, memory), TimeProvider.System, PreciseWait.Wait, Random.Shared.NextDouble).Run(sink, options, cancellation);
        }
    }
}
