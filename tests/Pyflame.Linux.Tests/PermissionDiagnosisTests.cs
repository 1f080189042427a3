using Pyflame.Linux.Interop;

namespace Pyflame.Linux.Tests;

public class PermissionDiagnosisTests
{
    // A root-like baseline where nothing blocks; each case flips the one fact under test.
    private static readonly PermissionFacts Clear = new(
        Pid: 123, Errno: Errno.EPERM, TargetUid: 1000, OurUid: 1000, WeHaveCapSysPtrace: false,
        YamaPtraceScope: null, OurSeccompMode: 0, SelinuxDenyPtrace: null, TargetTracerPid: 0);

    [Fact]
    public void Missing_process()
    {
        Assert.Equal("no process with PID 123", PermissionDiagnosis.Explain(Clear with { Errno = Errno.ESRCH }));
    }

    [Fact]
    public void Other_user_without_capability()
    {
        string message = PermissionDiagnosis.Explain(Clear with { TargetUid = 0 });

        Assert.Contains("uid 0", message, StringComparison.Ordinal);
        Assert.Contains("same user or as root", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_user_is_fine_with_capability_so_the_next_cause_is_named()
    {
        string message = PermissionDiagnosis.Explain(Clear with { TargetUid = 0, WeHaveCapSysPtrace = true, OurSeccompMode = 2 });

        Assert.Contains("seccomp", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Yama_scope_that_can_be_lowered(int scope)
    {
        string message = PermissionDiagnosis.Explain(Clear with { Errno = Errno.EACCES, YamaPtraceScope = scope });

        Assert.Contains("sysctl kernel.yama.ptrace_scope=0", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Yama_scope_three_cannot_be_changed()
    {
        string message = PermissionDiagnosis.Explain(Clear with { YamaPtraceScope = 3, WeHaveCapSysPtrace = true });

        Assert.Contains("cannot be changed", message, StringComparison.Ordinal);
        Assert.DoesNotContain("sysctl", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Yama_scope_one_does_not_block_a_capable_tracer()
    {
        string message = PermissionDiagnosis.Explain(Clear with { YamaPtraceScope = 1, WeHaveCapSysPtrace = true });

        Assert.DoesNotContain("yama", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Container_seccomp_profile()
    {
        string message = PermissionDiagnosis.Explain(Clear with { OurSeccompMode = 2 });

        Assert.Contains("--cap-add SYS_PTRACE", message, StringComparison.Ordinal);
        Assert.Contains("--security-opt seccomp=unconfined", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Selinux_deny_ptrace()
    {
        string message = PermissionDiagnosis.Explain(Clear with { SelinuxDenyPtrace = true });

        Assert.Contains("setsebool -P deny_ptrace 0", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Already_traced()
    {
        string message = PermissionDiagnosis.Explain(Clear with { TargetTracerPid = 999 });

        Assert.Contains("already traced by PID 999 (gdb/strace?)", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Already_traced_names_the_tracer_and_the_way_without_ptrace()
    {
        string message = PermissionDiagnosis.Explain(Clear with { TargetTracerPid = 999, TracerName = "strace" });

        Assert.Contains("already traced by PID 999 (strace)", message, StringComparison.Ordinal);
        Assert.Contains("--nonblocking", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Root_with_the_capability_is_not_told_to_run_as_root()
    {
        string message = PermissionDiagnosis.Explain(Clear with { Pid = 1, OurUid = 0, TargetUid = 0, WeHaveCapSysPtrace = true, TargetName = "init" });

        Assert.DoesNotContain("run as root", message, StringComparison.Ordinal);
        Assert.Contains("(init)", message, StringComparison.Ordinal);
        Assert.Contains("ps -p 1", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_cause_mentions_the_capability()
    {
        string message = PermissionDiagnosis.Explain(Clear with { SelinuxDenyPtrace = false, YamaPtraceScope = 0 });

        Assert.Contains("CAP_SYS_PTRACE", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_errors_name_the_errno()
    {
        string message = PermissionDiagnosis.Explain(Clear with { Errno = Errno.EIO });

        Assert.StartsWith("cannot access PID 123: ", message, StringComparison.Ordinal);
        Assert.True(message.Length > "cannot access PID 123: ".Length);
    }

    [Fact]
    public void Every_message_is_one_line()
    {
        PermissionFacts[] cases =
        [
            Clear with { Errno = Errno.ESRCH }, Clear with { TargetUid = 0 }, Clear with { YamaPtraceScope = 1 },
            Clear with { YamaPtraceScope = 3 }, Clear with { OurSeccompMode = 2 }, Clear with { SelinuxDenyPtrace = true },
            Clear with { TargetTracerPid = 5 }, Clear,
        ];

        Assert.All(cases, facts => Assert.DoesNotContain('\n', PermissionDiagnosis.Explain(facts)));
        Assert.Equal(cases.Length, cases.Select(PermissionDiagnosis.Explain).Distinct().Count());
    }

    [Fact]
    public void Gathers_this_machine_facts_for_our_own_process()
    {
        PermissionFacts facts = PermissionDiagnosis.Gather(Environment.ProcessId, Errno.EPERM);

        // This machine kind: root with CAP_SYS_PTRACE, no Yama, no SELinux, no seccomp filter.
        Assert.Equal(0u, facts.OurUid);
        Assert.Equal(0u, facts.TargetUid);
        Assert.True(facts.WeHaveCapSysPtrace);
        Assert.Equal(File.Exists("/proc/sys/kernel/yama/ptrace_scope"), facts.YamaPtraceScope is not null);
        Assert.Equal(File.Exists("/sys/fs/selinux/booleans/deny_ptrace"), facts.SelinuxDenyPtrace is not null);
        Assert.Equal(0, facts.OurSeccompMode);
        Assert.Equal(0, facts.TargetTracerPid);
    }

    [Fact]
    public void Gathers_nulls_for_a_missing_target()
    {
        PermissionFacts facts = PermissionDiagnosis.Gather(int.MaxValue - 1, Errno.ESRCH);

        Assert.Null(facts.TargetUid);
        Assert.Equal(0, facts.TargetTracerPid);
        Assert.Equal($"no process with PID {int.MaxValue - 1}", PermissionDiagnosis.Explain(int.MaxValue - 1, Errno.ESRCH));
    }
}
