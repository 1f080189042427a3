namespace Pyflame.Linux;

/// <summary>
/// What <see cref="PermissionDiagnosis"/> knows when an access to <paramref name="Pid"/> failed with
/// <paramref name="Errno"/>. Null means "could not be determined" (file absent or unreadable).
/// </summary>
/// <param name="TargetUid">Real uid of the target, from its /proc status.</param>
/// <param name="OurUid">Our effective uid.</param>
/// <param name="WeHaveCapSysPtrace">CAP_SYS_PTRACE in our effective set.</param>
/// <param name="YamaPtraceScope">/proc/sys/kernel/yama/ptrace_scope; null when Yama is not built in.</param>
/// <param name="OurSeccompMode">Seccomp field of our /proc status: 0 none, 1 strict, 2 filter.</param>
/// <param name="SelinuxDenyPtrace">/sys/fs/selinux/booleans/deny_ptrace; null without SELinux.</param>
/// <param name="TargetTracerPid">TracerPid of the target; 0 when untraced.</param>
public sealed record PermissionFacts(
    int Pid,
    int Errno,
    uint? TargetUid,
    uint OurUid,
    bool WeHaveCapSysPtrace,
    int? YamaPtraceScope,
    int OurSeccompMode,
    bool? SelinuxDenyPtrace,
    int TargetTracerPid)
{
    /// <summary>The target's command name (comm), for naming it in messages; null when unreadable.</summary>
    public string? TargetName { get; init; }

    /// <summary>The tracer's command name (e.g. strace, gdb); null when untraced or unreadable.</summary>
    public string? TracerName { get; init; }
}
