using Pyflame.Core.Sampling;

namespace Pyflame.Cli.Live;

/// <summary>What the header says about the profiled process.</summary>
/// <param name="Pid">Its process id.</param>
/// <param name="Command">Its command line, when it could be read.</param>
/// <param name="PythonVersion">The interpreter's version, e.g. "3.12.1".</param>
/// <param name="Interval">The requested time between samples.</param>
/// <param name="Policy">Whether samples pause the threads they read.</param>
internal sealed record LiveTarget(int Pid, string? Command, string PythonVersion, TimeSpan Interval, PausePolicy Policy);
