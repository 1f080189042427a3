using Pyflame.Core.Python;

namespace Pyflame.Cli.CommandLine;

/// <summary>
/// The default mode, from bench/ measurements (README, "Performance"). Pausing the GIL holder for each sample
/// costs a busy target about 5 % of its throughput at 1 kHz on this machine kind (a ptrace stop and resume is
/// tens of microseconds of the target's time), reading without pausing costs it nothing measurable. On 3.11+
/// a non-blocking read is as exact as a paused one (frames live in a per-thread data stack that is read in
/// one batch; 96 % vs 98 % exact lines on a stack that changes every few microseconds, 100 % on a 200-deep
/// one), so it is the default there. Before 3.11 frames are heap objects reused from free lists, and a frame
/// read while running has often just returned and shows its return line (75-80 % exact lines on the same
/// workload; functions, not lines, stay right), so those versions are paused by default. A one-shot dump (-d)
/// always pauses: one stop costs nothing, and a hung process's stacks should be exact.
/// </summary>
internal static class SamplingModeChoice
{
    public static bool PausesThreads(ProfileRequest request, PythonVersion version) => request.Mode switch
    {
        SamplingMode.Blocking => true,
        SamplingMode.NonBlocking => false,
        _ => request.Dump || version.Major < 3 || (version.Major == 3 && version.Minor < 11),
    };
}
