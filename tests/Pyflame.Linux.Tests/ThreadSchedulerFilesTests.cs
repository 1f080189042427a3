using Pyflame.Linux.Tests.Support;

namespace Pyflame.Linux.Tests;

/// <summary>Every thread's scheduler state and CPU time, from files kept open across samples.</summary>
public sealed class ThreadSchedulerFilesTests : IDisposable
{
    // A busy thread, a sleeping one, and a short-lived one started on request (a line on stdin is not needed:
    // it starts after a delay and exits after another).
    private const string Script = """
        import threading, time
        def busy():
            x = 0
            while True:
                x += 1
        def sleeper():
            print("SLEEPER %d" % threading.get_native_id(), flush=True)
            time.sleep(1000)
        def brief():
            print("BRIEF %d" % threading.get_native_id(), flush=True)
            time.sleep(0.6)
        t = threading.Thread(target=busy, daemon=True); t.start()
        threading.Thread(target=sleeper, daemon=True).start()
        time.sleep(0.2)
        print("BUSY %d" % t.native_id, flush=True)
        print("READY", flush=True)
        time.sleep(0.5)
        threading.Thread(target=brief, daemon=True).start()
        while True:
            time.sleep(0.05)
        """;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    /// <summary>For what needs the busy thread to get CPU time: on a 2-core machine at load 25 it got a quarter of a core.</summary>
    private static readonly TimeSpan LoadedPatience = TimeSpan.FromSeconds(60);

    private readonly PythonTarget _target = PythonTarget.Start(Script);

    [Fact]
    public void A_busy_thread_is_runnable_and_gains_cpu_time_and_a_sleeping_one_is_not()
    {
        using ThreadSchedulerFiles files = new(_target.Pid);
        files.Refresh();
        Assert.Equal(ProcFs.ListThreads(_target.Pid), files.Threads);

        int busy = Tid("BUSY"), sleeper = Tid("SLEEPER");
        Assert.True(files.TryReadCpu(busy, out ulong busyBefore));
        Assert.True(files.TryReadCpu(sleeper, out ulong sleeperBefore));
        Assert.True(files.TryReadState(sleeper, out char sleeperState));
        // How much CPU a busy thread gets per wall second depends on the machine's load, so the test waits for it
        // to gain 50 ms of CPU however long that takes; in that same window the sleeper must gain almost none.
        ulong busyAfter = busyBefore;
        Assert.True(PythonTarget.Poll(() => files.TryReadCpu(busy, out busyAfter) && busyAfter - busyBefore > 50_000_000, LoadedPatience),
            $"busy thread ran only {busyAfter - busyBefore} ns in {LoadedPatience.TotalSeconds} s");
        Assert.True(PythonTarget.Poll(() => files.TryReadState(busy, out char state) && state == 'R', LoadedPatience));
        Assert.True(files.TryReadCpu(sleeper, out ulong sleeperAfter));

        Assert.Equal('S', sleeperState);
        Assert.True(sleeperAfter - sleeperBefore < 5_000_000, $"sleeping thread ran {sleeperAfter - sleeperBefore} ns while the busy one ran {busyAfter - busyBefore} ns");
    }

    [Fact]
    public void A_thread_that_starts_later_is_listed_and_one_that_exits_is_dropped()
    {
        using ThreadSchedulerFiles files = new(_target.Pid);
        files.Refresh();
        Assert.True(_target.WaitForOutput("BRIEF ", Patience));
        int brief = Tid("BRIEF");

        files.Refresh();
        Assert.Contains(brief, files.Threads);
        Assert.True(files.TryReadCpu(brief, out _));
        Assert.True(files.TryReadState(brief, out _));

        Assert.True(PythonTarget.Poll(() => !files.TryReadCpu(brief, out _), Patience), "the exited thread still reads");
        files.Refresh();
        Assert.DoesNotContain(brief, files.Threads);
        Assert.Equal(ProcFs.ListThreads(_target.Pid), files.Threads);
    }

    private int Tid(string marker) => int.Parse(
        _target.Output.Split('\n').Single(line => line.StartsWith(marker + " ", StringComparison.Ordinal))[(marker.Length + 1)..],
        System.Globalization.CultureInfo.InvariantCulture);

    public void Dispose() => _target.Dispose();
}
