using Pyflame.Core.ProcFs;
using Pyflame.Linux.Tests.Support;

namespace Pyflame.Linux.Tests;

/// <summary>
/// A thread the pauser does not trace yet calls execve while the pauser traces the others: the exec kills them and
/// waits until they are reaped, holding the lock PTRACE_SEIZE needs. Seizing that thread (the GIL holder in a
/// blocking run) then deadlocked: pyflame hung for good, the target a traced zombie.
/// </summary>
public sealed class PtraceSuspenderExecTests : IDisposable
{
    // A busy thread beside the main one; on demand (file exists) a third thread replaces the program with sleep.
    private const string Script = """
        import os, sys, threading, time
        def busy():
            while True:
                pass
        def replace():
            os.execv("/bin/sleep", ["sleep", "60"])
        threading.Thread(target=busy, daemon=True).start()
        print("READY", flush=True)
        trigger = "/tmp/pyflame-exec-now-%d" % os.getpid()
        while not os.path.exists(trigger):
            time.sleep(0.01)
        threading.Thread(target=replace).start()
        time.sleep(60)
        """;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly PythonTarget _target = PythonTarget.Start(Script);

    private string Trigger => $"/tmp/pyflame-exec-now-{_target.Pid}";

    [Fact]
    public void Seizing_the_thread_that_execs_while_its_victims_wait_for_us_does_not_deadlock()
    {
        bool? paused = null;
        bool replaced = false;
        string? failure = null;
        Thread tracer = new(() =>
        {
            try
            {
                using PtraceSuspender suspender = PtraceSuspender.Seize(_target.Pid);
                HashSet<int> seized = [.. suspender.ThreadIds];
                File.WriteAllBytes(Trigger, []);
                // The exec kills the threads we trace; they stay zombies until we reap them, and the exec waits for that.
                int busy = seized.Single(tid => tid != _target.Pid);
                if (!PythonTarget.Poll(() => ProcFs.TryReadThreadState(_target.Pid, busy, out char s) && s == 'Z', Patience))
                {
                    failure = "the exec never killed the traced busy thread";
                    return;
                }

                int execing = ProcFs.ListThreads(_target.Pid).Single(tid => !seized.Contains(tid));
                paused = suspender.TryPause([execing]);
                replaced = suspender.ProgramReplaced;
            }
            catch (Exception e)
            {
                failure = e.ToString();
            }
        });
        tracer.IsBackground = true; // a deadlocked tracer must not keep the test host alive
        tracer.Start();

        Assert.True(tracer.Join(Patience), "the pauser did not come back: PTRACE_SEIZE deadlocked against the exec");
        Assert.Null(failure);
        Assert.False(paused);
        Assert.True(replaced, "the pauser must say the program was replaced");
        Assert.True(PythonTarget.Poll(() => File.ReadAllText($"/proc/{_target.Pid}/cmdline").StartsWith("sleep\0", StringComparison.Ordinal), Patience));
        ProcStatus status = ProcFs.ReadStatus(_target.Pid);
        Assert.Equal(0, status.TracerPid);
        Assert.True(PythonTarget.Poll(() => ProcFs.TryReadThreadState(_target.Pid, _target.Pid, out char s) && s == 'S', Patience));
    }

    [Fact]
    public void An_exec_from_a_thread_not_traced_yet_is_seen_when_the_new_program_is_seized()
    {
        bool? paused = null;
        bool replaced = false;
        string? failure = null;
        Thread tracer = new(() =>
        {
            try
            {
                using PtraceSuspender suspender = PtraceSuspender.Seize(_target.Pid);
                int busy = suspender.ThreadIds.Single(tid => tid != _target.Pid);
                File.WriteAllBytes(Trigger, []);
                // Reaping the killed thread (as between samples) lets the exec finish. The thread that exec'd was never
                // ours, so no exec event comes: our threads just vanish, and the new program runs under the same pid.
                bool execDone = PythonTarget.Poll(
                    () =>
                    {
                        _ = suspender.ServicePendingStops();
                        return File.ReadAllText($"/proc/{_target.Pid}/cmdline").StartsWith("sleep\0", StringComparison.Ordinal);
                    },
                    Patience);
                if (!execDone)
                {
                    failure = $"the exec did not complete; thread {busy} state {(ProcFs.TryReadThreadState(_target.Pid, busy, out char s) ? s : '-')}";
                    return;
                }

                _ = suspender.ServicePendingStops();
                paused = suspender.TryPause(); // seizes the new program's thread: the address space tells it apart
                replaced = suspender.ProgramReplaced;
            }
            catch (Exception e)
            {
                failure = e.ToString();
            }
        });
        tracer.IsBackground = true;
        tracer.Start();

        Assert.True(tracer.Join(Patience), "the pauser did not come back");
        Assert.Null(failure);
        Assert.False(paused);
        Assert.True(replaced, "the pauser must say the program was replaced, not pause the new one");
        Assert.Equal(0, ProcFs.ReadStatus(_target.Pid).TracerPid);
        Assert.True(PythonTarget.Poll(() => ProcFs.TryReadThreadState(_target.Pid, _target.Pid, out char s) && s == 'S', Patience));
    }

    public void Dispose()
    {
        _target.Dispose();
        File.Delete(Trigger);
    }
}
