using Pyflame.Core.ProcFs;
using Pyflame.Linux.Interop;
using Pyflame.Linux.Tests.Support;

namespace Pyflame.Linux.Tests;

public sealed class PtraceSuspenderTests : IDisposable
{
    // Four busy threads, a SIGUSR1 handler that prints, and on demand (file exists) two more threads.
    private const string Script = """
        import os, signal, sys, threading, time
        def busy():
            x = 0
            while True:
                x += 1
        def on_usr1(signum, frame):
            print("GOT-USR1", flush=True)
        signal.signal(signal.SIGUSR1, on_usr1)
        for _ in range(4):
            threading.Thread(target=busy, daemon=True).start()
        print("READY", flush=True)
        trigger = sys.argv[1] if len(sys.argv) > 1 else None
        started = False
        while True:
            time.sleep(0.02)
            if not started and os.path.exists("/tmp/pyflame-more-threads-%d" % os.getpid()):
                for _ in range(2):
                    threading.Thread(target=busy, daemon=True).start()
                started = True
                print("MORE-STARTED", flush=True)
        """;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    private readonly PythonTarget _target = PythonTarget.Start(Script);

    private IReadOnlyList<int> Threads => ProcFs.ListThreads(_target.Pid);

    private char[] States() =>
        Threads.Select(tid => ProcFs.TryReadThreadState(_target.Pid, tid, out char s) ? s : '-').ToArray();

    [Fact]
    public void Pause_stops_every_thread_and_resume_releases_them()
    {
        using PtraceSuspender suspender = PtraceSuspender.Seize(_target.Pid);
        Assert.Equal(5, Threads.Count);

        for (int i = 0; i < 20; i++)
        {
            Assert.True(suspender.TryPause());
            Assert.True(suspender.IsPaused);
            Assert.All(States(), s => Assert.Equal('t', s));
            ulong cpuBefore = TotalCpu();
            Thread.Sleep(30);
            Assert.Equal(cpuBefore, TotalCpu());

            suspender.Resume();
            Assert.False(suspender.IsPaused);
            Assert.True(PythonTarget.Poll(() => States().All(s => s is 'R' or 'S'), Patience), new string(States()));
        }

        Assert.Equal(Threads.Order(), suspender.ThreadIds.Order());
    }

    [Fact]
    public void Dispose_detaches_and_leaves_nothing_stopped()
    {
        PtraceSuspender suspender = PtraceSuspender.Seize(_target.Pid);
        Assert.True(suspender.TryPause());
        // The tracer is a thread: TracerPid names our calling thread, a task of this process.
        Assert.All(Threads, tid => Assert.True(Directory.Exists($"/proc/self/task/{ThreadStatus(tid).TracerPid}")));

        suspender.Dispose();

        Assert.All(Threads, tid => Assert.Equal(0, ThreadStatus(tid).TracerPid));
        Assert.True(PythonTarget.Poll(() => States().All(s => s is 'R' or 'S'), Patience), new string(States()));
        ulong cpuBefore = TotalCpu();
        Assert.True(PythonTarget.Poll(() => TotalCpu() > cpuBefore, Patience));
    }

    [Fact]
    public void Dispose_while_running_detaches_too()
    {
        PtraceSuspender suspender = PtraceSuspender.Seize(_target.Pid);
        suspender.Dispose();

        Assert.All(Threads, tid => Assert.Equal(0, ThreadStatus(tid).TracerPid));
        Assert.True(PythonTarget.Poll(() => States().All(s => s is 'R' or 'S'), Patience), new string(States()));
    }

    [Fact]
    public void Signal_sent_while_paused_is_delivered_after_resume()
    {
        using PtraceSuspender suspender = PtraceSuspender.Seize(_target.Pid);
        Assert.True(suspender.TryPause());
        Assert.Equal(0, Signals.Kill(_target.Pid, Signals.SIGUSR1));
        Thread.Sleep(100);
        Assert.DoesNotContain("GOT-USR1", _target.Output, StringComparison.Ordinal);

        suspender.Resume();

        // The signal-delivery-stop it causes is passed on by the between-samples service call.
        Assert.True(PythonTarget.Poll(() => suspender.ServicePendingStops() > 0 && _target.Output.Contains("GOT-USR1", StringComparison.Ordinal), Patience));
        Assert.True(suspender.TryPause());
        suspender.Resume();
    }

    [Fact]
    public void Signal_pending_at_the_next_pause_is_reinjected_not_lost()
    {
        using PtraceSuspender suspender = PtraceSuspender.Seize(_target.Pid);
        Assert.Equal(0, Signals.Kill(_target.Pid, Signals.SIGUSR1));
        Thread.Sleep(100); // the receiving thread now sits in a signal-delivery-stop

        Assert.True(suspender.TryPause());
        Assert.All(States(), s => Assert.Equal('t', s));
        suspender.Resume();

        Assert.True(_target.WaitForOutput("GOT-USR1", Patience), "states: " + new string(States()) + " out: " + _target.Output);
    }

    [Fact]
    public void Signal_pending_at_dispose_is_delivered()
    {
        PtraceSuspender suspender = PtraceSuspender.Seize(_target.Pid);
        Assert.Equal(0, Signals.Kill(_target.Pid, Signals.SIGUSR1));
        Thread.Sleep(100);

        suspender.Dispose();

        Assert.True(_target.WaitForOutput("GOT-USR1", Patience));
    }

    [Fact]
    public void Threads_started_after_seize_are_paused_too()
    {
        using PtraceSuspender suspender = PtraceSuspender.Seize(_target.Pid);
        string trigger = $"/tmp/pyflame-more-threads-{_target.Pid}";
        File.WriteAllText(trigger, "");
        try
        {
            Assert.True(_target.WaitForOutput("MORE-STARTED", Patience));
        }
        finally
        {
            File.Delete(trigger);
        }

        Assert.True(suspender.TryPause());

        Assert.Equal(7, Threads.Count);
        Assert.All(States(), s => Assert.Equal('t', s));
        Assert.Equal(Threads.Order(), suspender.ThreadIds.Order());
        suspender.Resume();
    }

    [Fact]
    public void Group_stop_from_someone_else_is_kept_and_cont_still_works()
    {
        using PtraceSuspender suspender = PtraceSuspender.Seize(_target.Pid);
        Assert.Equal(0, Signals.Kill(_target.Pid, Signals.SIGSTOP));
        Thread.Sleep(100);

        Assert.True(suspender.TryPause());
        suspender.Resume();
        ulong cpuStopped = TotalCpu();
        Thread.Sleep(100);
        Assert.Equal(cpuStopped, TotalCpu()); // still job-control stopped, as without a tracer

        Assert.Equal(0, Signals.Kill(_target.Pid, Signals.SIGCONT));
        Assert.True(PythonTarget.Poll(() => suspender.ServicePendingStops() > 0 && TotalCpu() > cpuStopped + 5, Patience));
    }

    [Fact]
    public void Target_that_exits_while_seized_neither_hangs_nor_throws()
    {
        using PtraceSuspender suspender = PtraceSuspender.Seize(_target.Pid);
        _target.Kill();
        Assert.True(_target.WaitForExit(Patience));

        Assert.False(suspender.TryPause());
        Assert.Empty(suspender.ThreadIds);
    }

    [Fact]
    public void Target_killed_while_paused_is_dropped()
    {
        using PtraceSuspender suspender = PtraceSuspender.Seize(_target.Pid);
        Assert.True(suspender.TryPause());
        _target.Kill();
        Assert.True(_target.WaitForExit(Patience));

        suspender.Resume();
        Assert.False(suspender.TryPause());
    }

    [Fact]
    public void Seizing_a_missing_process_explains_it()
    {
        TargetAccessException error = Assert.Throws<TargetAccessException>(() => PtraceSuspender.Seize(int.MaxValue - 1));

        Assert.Equal($"no process with PID {int.MaxValue - 1}", error.Message);
    }

    [Fact]
    public void Calls_from_another_thread_are_refused()
    {
        using PtraceSuspender suspender = PtraceSuspender.Seize(_target.Pid);
        Exception? error = null;
        Thread other = new(() => error = Record.Exception(() => suspender.TryPause()));
        other.Start();
        other.Join();

        Assert.IsType<InvalidOperationException>(error);
    }

    private ulong TotalCpu() =>
        Threads.Aggregate(0UL, (sum, tid) => sum + (ProcFs.TryReadThreadStat(_target.Pid, tid, out ThreadStat? s) ? s.CpuTicks : 0));

    private ProcStatus ThreadStatus(int tid) =>
        ProcStatusParser.Parse(File.ReadAllText($"/proc/{_target.Pid}/task/{tid}/status"));

    public void Dispose() => _target.Dispose();
}
