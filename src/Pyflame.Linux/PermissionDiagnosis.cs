using System.Globalization;
using Pyflame.Core.ProcFs;
using Pyflame.Linux.Interop;

namespace Pyflame.Linux;

/// <summary>
/// Turns a failed ptrace/process_vm_readv into one actionable line. The decision is a pure function of
/// <see cref="PermissionFacts"/> (tested case by case); <see cref="Gather"/> is the thin part that reads them.
/// Checks go from the most common cause to the rarest, following the access rules of ptrace(2)
/// ("Ptrace access mode checking") and Documentation/admin-guide/LSM/Yama.rst.
/// </summary>
public static class PermissionDiagnosis
{
    private const string YamaPath = "/proc/sys/kernel/yama/ptrace_scope";
    private const string SelinuxDenyPtracePath = "/sys/fs/selinux/booleans/deny_ptrace";

    public static string Explain(int pid, int errno) => Explain(Gather(pid, errno));

    public static string Explain(PermissionFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        string pid = facts.Pid.ToString(CultureInfo.InvariantCulture);
        if (facts.Errno == Errno.ESRCH)
        {
            return $"no process with PID {pid}";
        }

        if (facts.Errno is not (Errno.EPERM or Errno.EACCES))
        {
            return $"cannot access PID {pid}: {Errno.Describe(facts.Errno)}";
        }

        string prefix = $"permission denied for PID {pid}: ";
        if (facts.TargetUid is uint targetUid && targetUid != facts.OurUid && !facts.WeHaveCapSysPtrace)
        {
            return prefix + $"it runs as uid {targetUid} and we run as uid {facts.OurUid} without CAP_SYS_PTRACE; run as the same user or as root";
        }

        // Scope 1 (descendants only) and 2 (admin only) are lifted by CAP_SYS_PTRACE; scope 3 by nothing.
        if (facts.YamaPtraceScope == 3)
        {
            return prefix + "kernel.yama.ptrace_scope is 3, which forbids all ptrace until reboot and cannot be changed";
        }

        if (facts.YamaPtraceScope >= 1 && !facts.WeHaveCapSysPtrace)
        {
            return prefix + $"kernel.yama.ptrace_scope is {facts.YamaPtraceScope}; run `sudo sysctl kernel.yama.ptrace_scope=0` or run as root";
        }

        if (facts.OurSeccompMode != 0)
        {
            return prefix + "a seccomp profile (likely the container's) blocks ptrace; with docker use `--cap-add SYS_PTRACE` or `--security-opt seccomp=unconfined`";
        }

        if (facts.SelinuxDenyPtrace == true)
        {
            return prefix + "SELinux deny_ptrace is on; run `setsebool -P deny_ptrace 0`";
        }

        if (facts.TargetTracerPid != 0)
        {
            // A process has one tracer at most (ptrace(2), EPERM "already being traced"); reading without ptrace still works.
            string tracer = facts.TracerName is null ? "gdb/strace?" : facts.TracerName;
            return prefix + $"already traced by PID {facts.TargetTracerPid.ToString(CultureInfo.InvariantCulture)} ({tracer}), and a process can have only one tracer; "
                + "detach it, or use --nonblocking, which reads the stacks without ptrace";
        }

        if (facts.WeHaveCapSysPtrace)
        {
            // Root with CAP_SYS_PTRACE already: "run as root" would be no help. What remains is the kernel's own guard.
            string name = facts.TargetName is null ? string.Empty : $" ({facts.TargetName})";
            return prefix + $"the kernel refuses access to this process{name} even with CAP_SYS_PTRACE (a kernel-protected process such as the machine's init, "
                + $"a kernel thread, or a security module's rule); check that PID {pid} is the Python process you meant (ps -p {pid} -o args)";
        }

        return prefix + "the kernel refused access; run as root or grant CAP_SYS_PTRACE (e.g. `setcap cap_sys_ptrace+ep` or docker `--cap-add SYS_PTRACE`)";
    }

    /// <summary>Reads the facts from /proc and /sys; missing or unreadable sources become null / 0.</summary>
    public static PermissionFacts Gather(int pid, int errno)
    {
        ProcStatus? self = TryReadStatus(Environment.ProcessId);
        ProcStatus? target = TryReadStatus(pid);
        return new PermissionFacts(
            pid,
            errno,
            target?.RealUid,
            Identity.GetEffectiveUid(),
            self?.HasCapSysPtrace ?? false,
            TryReadInt(YamaPath),
            self?.Seccomp ?? 0,
            TryReadInt(SelinuxDenyPtracePath) is int deny ? deny == 1 : null,
            target?.TracerPid ?? 0)
        {
            TargetName = target?.Name,
            TracerName = target is { TracerPid: > 0 } traced ? ProcessCondition.NameOf(traced.TracerPid) : null,
        };
    }

    private static ProcStatus? TryReadStatus(int pid) =>
        ProcFs.TryReadText(ProcFs.ProcessPath(pid) + "/status", out string? text)
        && ProcStatusParser.TryParse(text, out ProcStatus? status) ? status : null;

    /// <summary>Reads the first integer of a small file; selinux booleans read as "1 1" (current pending).</summary>
    private static int? TryReadInt(string path)
    {
        if (!ProcFs.TryReadText(path, out string? text))
        {
            return null;
        }

        string first = text.Trim().Split(' ', 2)[0];
        return int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out int value) ? value : null;
    }
}
