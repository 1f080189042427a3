namespace Pyflame.Linux;

/// <summary>One process of a launched command that <see cref="LaunchFollower"/> traces.</summary>
internal sealed class FollowedProcess
{
    /// <summary>Auto-attached by a fork and not stopped yet: its first stop is the attach stop, not a group-stop.</summary>
    public bool Fresh { get; set; }

    /// <summary>Resumed with PTRACE_SYSCALL (it may become Python and is watched at every system call) instead of PTRACE_CONT.</summary>
    public bool Stepping { get; set; }

    /// <summary>Syscall-stops since its last exec, bounded by <see cref="LaunchFollower.MaxSteps"/>.</summary>
    public int Steps { get; set; }
}
