using Pyflame.Cli.CommandLine;
using Pyflame.Core.Python.Discovery;
using Pyflame.Core.Sampling;
using Pyflame.Linux;

namespace Pyflame.Cli.Session;

/// <summary>What is layered over the sample taker: --mode cpu's filter and the (gc) frame (unless --no-gc).</summary>
internal sealed record SourceOptions(bool CpuOnly, bool MarkGc)
{
    public static SourceOptions From(ProfileRequest request) => new(request.Profiling == ProfilingMode.Cpu, request.MarkGc);

    public ISampleSource Decorate(ISampleSource taker, LinuxTargetProcess target, PythonRuntime runtime)
    {
        ISampleSource source = MarkGc ? new GcMarkingSource(taker, target.Memory, runtime) : taker;
        return CpuOnly ? new CpuOnlySource(source, target) : source;
    }
}
