using Pyflame.Core.Python;
using Pyflame.Core.Sampling;

namespace Pyflame.Cli.CommandLine;

/// <summary>
/// --blocking or --nonblocking if given; else the version's default (<see cref="SupportedPythons.DefaultPausePolicy"/>).
/// A one-shot dump (-d) always pauses: one stop costs nothing, and a hung process's stacks should be exact.
/// </summary>
internal static class SamplingModeChoice
{
    public static PausePolicy PolicyFor(ProfileRequest request, PythonVersion version) => request.Mode switch
    {
        SamplingMode.Blocking => PausePolicy.Always,
        SamplingMode.NonBlocking => PausePolicy.Never,
        _ => request.Dump ? PausePolicy.Always : SupportedPythons.DefaultPausePolicy(version),
    };
}
