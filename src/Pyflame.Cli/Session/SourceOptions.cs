using Pyflame.Cli.CommandLine;
using Pyflame.Core.Memory;
using Pyflame.Core.Python.Discovery;
using Pyflame.Core.Sampling;
using Pyflame.Linux;

namespace Pyflame.Cli.Session;

/// <summary>What is layered over the sample taker: --mode cpu's filter and the (gc) frame (unless --no-gc).</summary>
internal sealed record SourceOptions(bool CpuOnly, bool MarkGc)
{
    public static SourceOptions From(ProfileRequest request) => new(request.Profiling == ProfilingMode.Cpu, request.MarkGc);

    /// <param name="memory">What the taker reads through (its page cache): the collector's flag usually sits in a page
    /// the sample's batch already holds, so reading it costs no system call of its own.</param>
    public ISampleSource Decorate(ISampleSource taker, LinuxTargetProcess target, PythonRuntime runtime, IMemoryReader memory)
    {
        ISampleSource source = MarkGc ? new GcMarkingSource(taker, memory, runtime) : taker;
        return CpuOnly ? new CpuOnlySource(source, target) : source;
    }
}
