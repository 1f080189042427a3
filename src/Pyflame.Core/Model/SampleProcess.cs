using System.Globalization;

namespace Pyflame.Core.Model;

/// <summary>
/// The process a thread's stack was read in, set only when several processes are profiled together
/// (<c>--subprocesses</c>); writers then root its stacks at <see cref="RootFrame"/>, <c>(process PID COMMAND)</c>.
/// </summary>
public sealed record SampleProcess(int Pid, string Command)
{
    /// <summary>The pseudo frame that roots this process's stacks (printed by name, like <c>(idle)</c>).</summary>
    public FrameInfo RootFrame { get; } = new(
        string.Empty,
        string.IsNullOrEmpty(Command)
            ? string.Create(CultureInfo.InvariantCulture, $"(process {Pid})")
            : string.Create(CultureInfo.InvariantCulture, $"(process {Pid} {Command})"),
        0);

    /// <summary>GIL mode's stack (innermost first) for a sample of this process that found nobody holding the GIL.</summary>
    public IReadOnlyList<FrameInfo> IdleStack => field ??= [PseudoFrames.Idle, RootFrame];

    /// <summary>GIL mode's stack (innermost first) for a sample of this process that could not be read.</summary>
    public IReadOnlyList<FrameInfo> FailedStack => field ??= [PseudoFrames.Failed, RootFrame];
}
