namespace Pyflame.Core.ProcFs;

/// <summary>
/// The fields of <c>/proc/PID/status</c> the profiler needs (see proc(5)).
/// <paramref name="NSpid"/> lists the pid in each nested PID namespace, outermost first, so the last
/// entry is the pid as seen inside the target's own (innermost) namespace.
/// </summary>
public sealed record ProcStatus(
    string Name,
    char State,
    int Tgid,
    uint RealUid,
    uint EffectiveUid,
    int[] NSpid,
    int TracerPid,
    int Seccomp,
    ulong CapEff)
{
    /// <summary>Bit number of CAP_SYS_PTRACE in the capability masks (linux/capability.h).</summary>
    public const int CapSysPtraceBit = 19;

    public bool HasCapSysPtrace => (CapEff & (1UL << CapSysPtraceBit)) != 0;

    /// <summary>The pid inside the innermost PID namespace, or <see cref="Tgid"/> if NSpid was absent.</summary>
    public int InnermostPid => NSpid.Length > 0 ? NSpid[^1] : Tgid;
}
