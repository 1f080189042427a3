using Pyflame.Core.ProcFs;

namespace Pyflame.Core.Tests.ProcFs;

public class ProcStatusParserTests
{
    private const string ContainerPython =
        "Name:\tpython3\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t4242\nNgid:\t0\nPid:\t4242\nPPid:\t1\n" +
        "TracerPid:\t777\nUid:\t1000\t1001\t1002\t1003\nGid:\t100\t100\t100\t100\n" +
        "NSpid:\t4242\t17\t1\nNSpgid:\t4242\t17\t1\nCapInh:\t0000000000000000\nCapPrm:\t0000000000000000\n" +
        "CapEff:\t00000000a80425fb\nSeccomp:\t2\nSeccomp_filters:\t1\n";

    [Fact]
    public void Reads_all_fields()
    {
        ProcStatus status = ProcStatusParser.Parse(ContainerPython);

        Assert.Equal("python3", status.Name);
        Assert.Equal('S', status.State);
        Assert.Equal(4242, status.Tgid);
        Assert.Equal(1000u, status.RealUid);
        Assert.Equal(1001u, status.EffectiveUid);
        Assert.Equal(new[] { 4242, 17, 1 }, status.NSpid);
        Assert.Equal(1, status.InnermostPid);
        Assert.Equal(777, status.TracerPid);
        Assert.Equal(2, status.Seccomp);
        Assert.Equal(0xa80425fbUL, status.CapEff);
        Assert.False(status.HasCapSysPtrace);
    }

    [Fact]
    public void Root_capabilities_include_sys_ptrace()
    {
        ProcStatus status = ProcStatusParser.Parse("Name:\tx\nTgid:\t1\nCapEff:\t000001ffffffffff\n");

        Assert.True(status.HasCapSysPtrace);
        Assert.Empty(status.NSpid);
        Assert.Equal(1, status.InnermostPid);
        Assert.Equal(0, status.Seccomp);
    }

    [Fact]
    public void Names_with_spaces_are_kept()
    {
        ProcStatus status = ProcStatusParser.Parse("Name:\ta) b (c\nState:\tt (tracing stop)\nTgid:\t9\n");

        Assert.Equal("a) b (c", status.Name);
        Assert.Equal('t', status.State);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Name:\tx\n")]
    [InlineData("Tgid:\t5\n")]
    [InlineData("Name:\tx\nTgid:\tnot-a-number\n")]
    public void Missing_required_fields_fail(string text)
    {
        Assert.False(ProcStatusParser.TryParse(text, out _));
        Assert.Throws<FormatException>(() => ProcStatusParser.Parse(text));
    }

    [Fact]
    public void Corrupt_optional_fields_fall_back_to_defaults()
    {
        ProcStatus status = ProcStatusParser.Parse("Name:\tx\nTgid:\t3\nCapEff:\tzz\nUid:\tabc\nNSpid:\t3 q 4\n");

        Assert.Equal(0UL, status.CapEff);
        Assert.Equal(0u, status.RealUid);
        Assert.Equal(new[] { 3, 4 }, status.NSpid);
    }

    [Fact]
    public void Parses_this_process_status()
    {
        ProcStatus status = ProcStatusParser.Parse(File.ReadAllText("/proc/self/status"));

        Assert.Equal(Environment.ProcessId, status.Tgid);
        Assert.Contains(status.State, "RSD");
        Assert.NotEmpty(status.NSpid);
    }
}
