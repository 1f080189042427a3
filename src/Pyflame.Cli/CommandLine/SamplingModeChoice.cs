using Pyflame.Core.Python;

namespace Pyflame.Cli.CommandLine;

/// <summary>
/// --blocking or --nonblocking if given; else the version's default (<see cref="SupportedPythons.PausesByDefault"/>).
/// A one-shot dump (-d) always pauses: one stop costs nothing, and a hung process's stacks should be exact.
/// </summary>
internal static class SamplingModeChoice
{
    public static bool PausesThreads(ProfileRequest request, PythonVersion version) => request.Mode switch
    {
        SamplingMode.Blocking => true,
        SamplingMode.NonBlocking => false,
        _ => request.Dump || SupportedPythons.PausesByDefault(version),
    };
}
