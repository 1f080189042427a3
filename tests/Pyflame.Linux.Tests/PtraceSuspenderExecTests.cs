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
    public void Seizing_the_thread_that_execs_while_its_victims_wait_for_us_does_not_deadlock() =>
        AssertExecSeen(
            suspender =>
            {
                // The exec kills the threads we trace; they stay zombies until we reap them, and the exec waits for that.
                HashSet<int> seized = [.. suspender.ThreadIds];
                int busy = seized.Single(tid => tid != _target.Pid);
                if (!PythonTarget.Poll(() => ProcFs.TryReadThreadState(_target.Pid, busy, out char s) && s == 'Z', Patience))
                {
                    throw new InvalidOperationException("the exec never killed the traced busy thread");
                }

                return suspender.TryPause([ProcFs.ListThreads(_target.Pid).Single(tid => !seized.Contains(tid))]);
            },
            "the pauser did not come back: PTRACE_SEIZE deadlocked against the exec");

    [Fact]
    public void An_exec_from_a_thread_not_traced_yet_is_seen_when_the_new_program_is_seized() =>
        AssertExecSeen(
            suspender =>
            {
                // Reaping the killed thread (as between samples) lets the exec finish. The thread that exec'd was never
                // ours, so no exec event comes: our threads just vanish, and the new program runs under the same pid.
                if (!PythonTarget.Poll(() => suspender.ServicePendingStops() >= 0 && RunsSleep(), Patience))
                {
                    throw new InvalidOperationException("the exec did not complete");
                }

                _ = suspender.ServicePendingStops();
                return suspender.TryPause(); // seizes the new program's thread: the address space tells it apart
            },
            "the pauser did not come back");

    /// <summary>
    /// Seizes the target on a thread of its own (ptrace binds tracees to it; one that deadlocks must not keep the test
    /// host alive), makes the target exec, and runs <paramref name="pauseAfterExec"/>: its pause must fail with the
    /// program reported replaced, and the new program must run on, neither traced nor stopped.
    /// </summary>
    private void AssertExecSeen(Func<PtraceSuspender, bool> pauseAfterExec, string hang)
    {
        bool? paused = null;
        bool replaced = false;
        string? failure = null;
        Thread tracer = new(() =>
        {
            try
            {
                using PtraceSuspender suspender = PtraceSuspender.Seize(_target.Pid);
                File.WriteAllBytes(Trigger, []);
                paused = pauseAfterExec(suspender);
                replaced = suspender.ProgramReplaced;
            }
            catch (Exception e)
            {
                failure = e.ToString();
            }
        })
        {
            IsBackground = true,
        };
        tracer.Start();

        Assert.True(tracer.Join(Patience), hang);
        Assert.Null(failure);
        Assert.False(paused);
        Assert.True(replaced, "the pauser must say the program was replaced, not pause the new one");
        Assert.True(PythonTarget.Poll(RunsSleep, Patience));
        Assert.Equal(0, ProcFs.ReadStatus(_target.Pid).TracerPid);
        Assert.True(PythonTarget.Poll(() => ProcFs.TryReadThreadState(_target.Pid, _target.Pid, out char s) && s == 'S', Patience));
    }

    private bool RunsSleep() => File.ReadAllText($"/proc/{_target.Pid}/cmdline").StartsWith("sleep\0", StringComparison.Ordinal);

    public void Dispose()
    {
        _target.Dispose();
        File.Delete(Trigger);
    }
}
