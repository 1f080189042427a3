using Pyflame.Linux.Interop;

namespace Pyflame.Linux;

/// <summary>
/// Breaks the one deadlock PTRACE_SEIZE can fall into: a thread of the target calls execve while we seize another
/// of its threads. The exec holds the process's cred_guard_mutex from its start, which PTRACE_SEIZE waits for
/// (kernel/ptrace.c, ptrace_attach), and the exec waits (fs/exec.c, de_thread) until every thread it killed has been
/// released, which for a thread we trace means reaped by our waitpid, from the very thread now stuck in
/// PTRACE_SEIZE. Seen on the suite's exec-from-a-thread target: pyflame hung for good, the target a traced zombie.
/// <para>
/// Any thread of the tracer's process may reap its tracees (wait(2) without __WNOTHREAD), so while armed, a timer
/// thread reaps the target's zombie threads that are ours (never the leader, whose release the exec does itself;
/// never a live thread, whose stops are the tracer thread's to collect). The exec completes, releases the mutex, and
/// the seize returns. The ids reaped here are handed back so the pauser forgets them: their exits will never be
/// reported to it.
/// </para>
/// </summary>
internal sealed class SeizeDeadlockBreaker : IDisposable
{
    /// <summary>A seize that has not returned by then is waiting for the mutex; an uncontended one takes microseconds.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromMilliseconds(10);

    private readonly int _pid;
    private readonly Lock _gate = new();
    private readonly List<int> _reaped = [];
    private readonly Timer _timer;
    private bool _disarmed;

    public SeizeDeadlockBreaker(int pid)
    {
        _pid = pid;
        _timer = new Timer(_ => ReapZombies(), null, Patience, Patience);
    }

    /// <summary>Stops the timer (waiting for a round in progress) and returns the thread ids it reaped.</summary>
    public IReadOnlyList<int> Disarm()
    {
        lock (_gate)
        {
            _disarmed = true;
        }

        _timer.Dispose();
        return _reaped;
    }

    public void Dispose() => Disarm();

    private void ReapZombies()
    {
        lock (_gate)
        {
            if (_disarmed)
            {
                return;
            }

            foreach (int tid in ProcFs.ListThreads(_pid))
            {
                // A zombie stays one until reaped, so it cannot turn into a stop the tracer thread expects between the
                // check and the wait. A thread traced by someone else answers ECHILD.
                if (tid != _pid && ProcFs.TryReadThreadState(_pid, tid, out char state) && state == 'Z'
                    && Wait.WaitPid(tid, out _, Wait.__WALL | Wait.WNOHANG) == tid)
                {
                    _reaped.Add(tid);
                }
            }
        }
    }
}
