using Pyflame.Core.ProcFs;

namespace Pyflame.Core.Tests.ProcFs;

public class ProcStatParserTests
{
    // Fields: pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
    private const string Tail = " 1 1 1 0 -1 4194560 100 0 0 0 {0} {1} 0 0 20 0 1 0 5 100 10";

    [Theory]
    [InlineData("python3", 'R', 12UL, 3UL)]
    [InlineData("a) b (c", 't', 7UL, 0UL)]
    [InlineData("))) (((", 'S', 0UL, 99UL)]
    [InlineData("", 'Z', 1UL, 1UL)]
    public void Finds_state_and_cpu_after_the_last_parenthesis(string comm, char state, ulong utime, ulong stime)
    {
        string text = $"4242 ({comm}) {state}" + string.Format(System.Globalization.CultureInfo.InvariantCulture, Tail, utime, stime) + "\n";

        Assert.True(ProcStatParser.TryParse(text, out ThreadStat? stat));
        Assert.Equal(state, stat.State);
        Assert.Equal(utime, stat.UserTicks);
        Assert.Equal(stime, stat.SystemTicks);
        Assert.Equal(utime + stime, stat.CpuTicks);
        Assert.Equal(state == 'R', stat.IsRunning);
    }

    [Theory]
    [InlineData("")]
    [InlineData("4242 python R 1 1")]
    [InlineData("4242 (python)")]
    [InlineData("4242 (python) R 1 1 1 0")]
    [InlineData("4242 (python) Rx 1 1 1 0 -1 4194560 100 0 0 0 1 2 0")]
    [InlineData("4242 (python) R 1 1 1 0 -1 4194560 100 0 0 0 x 2 0")]
    [InlineData("4242 (python) R 1 1 1 0 -1 4194560 100 0 0 0 1 -2 0")]
    public void Rejects_malformed_text(string text)
    {
        Assert.False(ProcStatParser.TryParse(text, out _));
    }

    [Fact]
    public void Parses_this_thread_stat()
    {
        string text = File.ReadAllText($"/proc/self/task/{Environment.ProcessId}/stat");

        Assert.True(ProcStatParser.TryParse(text, out ThreadStat? stat));
        Assert.Contains(stat.State, "RSD");
    }
}
