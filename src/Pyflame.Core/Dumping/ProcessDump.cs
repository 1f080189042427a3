using Pyflame.Core.Model;
using Pyflame.Core.Python;

namespace Pyflame.Core.Dumping;

/// <summary>
/// A one-off snapshot of every Python thread of a process (<c>-d</c>). <paramref name="GcRunning"/> is null
/// when this build does not expose the collector's state. <paramref name="FailureReason"/> is set when the
/// thread list itself could not be read.
/// </summary>
public sealed record ProcessDump(
    int ProcessId,
    PythonVersion Version,
    bool? GcRunning,
    IReadOnlyList<DumpedThread> Threads,
    ReadFailure? FailureReason = null);
