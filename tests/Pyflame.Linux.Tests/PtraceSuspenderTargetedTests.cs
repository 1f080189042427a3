using Pyflame.Core.ProcFs;
using Pyflame.Linux.Interop;
using Pyflame.Linux.Tests.Support;

namespace Pyflame.Linux.Tests;

/// <summary>Pausing only some threads: the rest keep running, and every rule of the full pause still holds.</summary>
public sealed class PtraceSuspenderTargetedTests : IDisposable
{
    // Two busy threads, one that sleeps without the GIL, and a SIGUSR1 handler that prints.
    private const string Script = """
        import signal, threading, time
        def busy():
            x = 0
            while True:
                x += 1
        def sleeper():
            print("SLEEPER %d" % threading.get_native_id(), flush=True)
            time.sleep(1000)
        def on_usr1(signum, frame):
            print("GOT-USR1", flush=True)
        signal.signal(signal.SIGUSR1, on_usr1)
        for _ in range(2):
            threading.Thread(target=busy, daemon=True).start()
        threading.Thread(target=sleeper, daemon=True).start()
        time.sleep(0.2)
        print("READY", flush=True)
        while True:
            time.sleep(0.02)
        """;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    private readonly PythonTarget _target = PythonTarget.Start(Script);

    private IReadOnlyList<int> Threads => ProcFs.ListThreads(_target.Pid);

    private int[] Workers => Threads.Where(tid => tid != _target.Pid).ToArray();

    /// <summary>The thread sleeping in time.sleep: it does not hold the GIL, so stopping it stops nobody else.</summary>
    private int Sleeper => int.Parse(
        _target.Output.Split('\n').Single(line => line.StartsWith("SLEEPER ", StringComparison.Ordinal))["SLEEPER ".Length..],
        System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void Pausing_one_thread_leaves_the_others_running()
    {
        using PtraceSuspender suspender = PtraceSuspender.Seize(_target.Pid);
        int paused = Sleeper;
        int[] others = Threads.Where(tid => tid != paused).ToArray();

        for (int i = 0; i < 10; i++)
        {
            Assert.True(suspender.TryPause([paused]));
            Assert.Equal('t', State(paused));
            Assert.All(others, tid => Assert.NotEqual('t', State(tid)));
            ulong othersCpu = others.Aggregate(0UL, (sum, tid) => sum + Cpu(tid));
            Assert.True(
                PythonTarget.Poll(() => others.Aggregate(0UL, (sum, tid) => sum + Cpu(tid)) > othersCpu, Patience),
                "the busy threads did not run while the sleeper was paused");
            Assert.Equal('t', State(paused));

            suspender.Resume();
            Assert.True(PythonTarget.Poll(() => State(paused) is 'R' or 'S', Patience), State(paused).ToString());
        }
    }

    [Fact]
    public void The_main_thread_alone_can_be_paused_and_pauses_add_up()
    {
        using PtraceSuspender suspender = PtraceSuspender.Seize(_target.Pid);

        Assert.True(suspender.TryPause([_target.Pid]));
        Assert.Equal('t', State(_target.Pid));
        Assert.All(Workers, tid => Assert.NotEqual('t', State(tid)));

        Assert.True(suspender.TryPause([Workers[1]]));
        Assert.Equal('t', State(_target.Pid));
        Assert.Equal('t', State(Workers[1]));

        suspender.Resume();
        Assert.True(PythonTarget.Poll(() => Threads.All(tid => State(tid) is 'R' or 'S'), Patience));
    }

    [Fact]
    public void A_thread_that_is_not_the_targets_is_refused_and_nothing_stays_paused()
    {
        using PtraceSuspender suspender = PtraceSuspender.Seize(_target.Pid);
        Assert.True(suspender.TryPause([Workers[0]]));

        // Our own process's id: it is not listed under the target, so it must never be touched.
        Assert.False(suspender.TryPause([Environment.ProcessId]));

        Assert.False(suspender.IsPaused);
        Assert.True(PythonTarget.Poll(() => Threads.All(tid => State(tid) is 'R' or 'S'), Patience));
    }

    [Fact]
    public void Dispose_after_a_targeted_pause_detaches_every_thread()
    {
        PtraceSuspender suspender = PtraceSuspender.Seize(_target.Pid);
        Assert.True(suspender.TryPause([Workers[0]]));

        suspender.Dispose();

        Assert.All(Threads, tid => Assert.Equal(0, TracerOf(tid)));
        Assert.True(PythonTarget.Poll(() => Threads.All(tid => State(tid) is 'R' or 'S'), Patience));
    }

    [Fact]
    public void Signal_arriving_during_a_targeted_pause_is_delivered()
    {
        using PtraceSuspender suspender = PtraceSuspender.Seize(_target.Pid);
        Assert.True(suspender.TryPause([Workers[0]]));
        Assert.Equal(0, Signals.Kill(_target.Pid, Signals.SIGUSR1));
        Thread.Sleep(50);
        suspender.Resume();

        Assert.True(PythonTarget.Poll(() => suspender.ServicePendingStops() > 0 && _target.Output.Contains("GOT-USR1", StringComparison.Ordinal), Patience));
        Assert.True(suspender.TryPause([_target.Pid]));
        suspender.Resume();
    }

    [Fact]
    public void Signal_pending_when_a_thread_is_paused_is_reinjected()
    {
        using PtraceSuspender suspender = PtraceSuspender.Seize(_target.Pid);
        Assert.Equal(0, Signals.Kill(_target.Pid, Signals.SIGUSR1));
        Thread.Sleep(100); // one thread now sits in a signal-delivery-stop

        foreach (int tid in Threads)
        {
            Assert.True(suspender.TryPause([tid]));
            suspender.Resume();
        }

        Assert.True(_target.WaitForOutput("GOT-USR1", Patience), "out: " + _target.Output);
    }

    [Fact]
    public void Target_killed_during_a_targeted_pause_is_dropped_without_hanging()
    {
        using PtraceSuspender suspender = PtraceSuspender.Seize(_target.Pid);
        Assert.True(suspender.TryPause([_target.Pid]));
        _target.Kill();
        Assert.True(_target.WaitForExit(Patience));

        suspender.Resume();
        Assert.False(suspender.TryPause([_target.Pid]));
        Assert.False(suspender.TryPause());
        Assert.Empty(suspender.ThreadIds);
    }

    private char State(int tid) => ProcFs.TryReadThreadState(_target.Pid, tid, out char state) ? state : '-';

    private ulong Cpu(int tid) => ProcFs.TryReadThreadStat(_target.Pid, tid, out ThreadStat? stat) ? stat.CpuTicks : 0;

    private int TracerOf(int tid) =>
        ProcStatusParser.Parse(File.ReadAllText($"/proc/{_target.Pid}/task/{tid}/status")).TracerPid;

    public void Dispose() => _target.Dispose();
}
