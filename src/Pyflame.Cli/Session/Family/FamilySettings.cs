using Pyflame.Cli.CommandLine;
using Pyflame.Core.Python;
using Pyflame.Core.Sampling;

namespace Pyflame.Cli.Session.Family;

/// <summary>How each process of a family is sampled: the request's settings, the same for every process, except the pausing mode, which follows each process's version.</summary>
internal sealed class FamilySettings(ProfileRequest request)
{
    public ProfileRequest Request => request;

    public bool PerThread => request.Threads;

    public SourceOptions Source { get; } = SourceOptions.From(request);

    /// <summary>Per process; the family's own deadline (not each sampler's) ends a timed run, so a late joiner stops with the rest.</summary>
    public SamplerOptions Options { get; } = new() { Interval = request.Interval, Duration = null, AllThreads = RunDisplay.SamplesAllThreads(request) };

    public TimeSpan? Duration => request.TraceCommand is null ? RunDisplay.Duration(request) : null;

    public PausePolicy Policy(PythonVersion version) => SamplingModeChoice.PolicyFor(request, version);
}
