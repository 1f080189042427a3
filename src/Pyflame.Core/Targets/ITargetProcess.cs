using Pyflame.Core.Memory;

namespace Pyflame.Core.Targets;

/// <summary>
/// What the core needs from a live (or recorded) process: its memory, its mappings and the files
/// behind them. The Linux layer implements it over /proc; tests can implement it over snapshots.
/// </summary>
public interface ITargetProcess
{
    int ProcessId { get; }

    IMemoryReader Memory { get; }

    /// <summary>True once the process is gone (reads then fail for good).</summary>
    bool HasExited { get; }

    /// <summary>
    /// True once the process replaced its program (execve): it lives on, but the interpreter found in its memory is
    /// gone. Targets that cannot exec (recordings, fakes) never do.
    /// </summary>
    bool HasReplacedProgram => false;

    IReadOnlyList<MemoryRegion> ReadMaps();

    /// <summary>Opens the file mapped at <paramref name="region"/> as the target sees it (its mount namespace).</summary>
    Stream OpenMappedFile(MemoryRegion region);
}
