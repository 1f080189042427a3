using Pyflame.Core.ProcFs;
using Pyflame.Linux.Interop;

namespace Pyflame.Linux;

/// <summary>
/// Finds the threads of a process that are not seized yet (<c>/proc/PID/task</c>) and seizes them into the
/// pauser's table. Listing costs several syscalls, so <see cref="MayHaveNewThreads"/> first asks the cheap
/// question (one stat of the task directory). Only ids listed under the process are ever seized. While it seizes,
/// a <see cref="SeizeDeadlockBreaker"/> keeps an exec in the target from deadlocking against us.
/// </summary>
internal sealed class ThreadSeizer(int pid, Dictionary<int, TraceeState> threads)
{
    /// <summary>Re-listing rounds when threads keep appearing; a fork bomb must not keep us here forever.</summary>
    internal const int MaxSeizeRounds = 100;

    private const long RelistIntervalMilliseconds = 100;

    private readonly int _pid = pid;
    private readonly Dictionary<int, TraceeState> _threads = threads;
    private long _lastListing;

    /// <summary>
    /// True when /proc counts a thread we do not trace (or cannot say). A thread that exited and one that
    /// started since the last sample cancel out in the count, so the list is also re-read every 100 ms.
    /// </summary>
    internal bool MayHaveNewThreads()
    {
        long now = Environment.TickCount64;
        if (now - _lastListing >= RelistIntervalMilliseconds || !ProcFs.TryCountThreads(_pid, out int count) || count != _threads.Count)
        {
            _lastListing = now;
            return true;
        }

        return false;
    }

    /// <summary>
    /// True when the last <see cref="SeizeNewThreads"/> had to reap threads of ours to get its seize through: the
    /// target may have exec'd (the caller checks its address space).
    /// </summary>
    internal bool ReapedWhileSeizing { get; private set; }

    /// <summary>Seizes threads not traced yet; returns how many were added.</summary>
    internal int SeizeNewThreads(bool throwIfNone)
    {
        SeizeDeadlockBreaker? breaker = null;
        try
        {
            return SeizeNewThreads(throwIfNone, ref breaker);
        }
        finally
        {
            ReapedWhileSeizing = false;
            foreach (int tid in breaker?.Disarm() ?? [])
            {
                _ = _threads.Remove(tid);
                ReapedWhileSeizing = true;
            }
        }
    }

    private int SeizeNewThreads(bool throwIfNone, ref SeizeDeadlockBreaker? breaker)
    {
        int added = 0;
        for (int round = 0; round < MaxSeizeRounds; round++)
        {
            IReadOnlyList<int> tids = ProcFs.ListThreads(_pid);
            if (tids.Count == 0 && throwIfNone && _threads.Count == 0)
            {
                throw new TargetAccessException(_pid, Errno.ESRCH, PermissionDiagnosis.Explain(_pid, Errno.ESRCH));
            }

            int addedThisRound = 0;
            foreach (int tid in tids)
            {
                if (_threads.ContainsKey(tid))
                {
                    continue;
                }

                breaker ??= new SeizeDeadlockBreaker(_pid);
                if (Ptrace.Request(Ptrace.PTRACE_SEIZE, tid, 0, Ptrace.PTRACE_O_TRACEEXEC) == 0)
                {
                    _threads[tid] = TraceeState.Running;
                    addedThisRound++;
                    continue;
                }

                int errno = Errno.Last;
                if (errno != Errno.ESRCH && !IsExitingOrOurs(tid))
                {
                    throw new TargetAccessException(_pid, errno, PermissionDiagnosis.Explain(_pid, errno));
                }
            }

            added += addedThisRound;
            if (addedThisRound == 0)
            {
                break;
            }
        }

        return added;
    }

    /// <summary>
    /// EPERM from PTRACE_SEIZE is harmless when the thread is dying (a zombie leader whose other threads
    /// live on) or when it is still traced by us because its exit report has not been collected yet.
    /// </summary>
    private bool IsExitingOrOurs(int tid)
    {
        string statusPath = $"{ProcFs.ProcessPath(_pid)}/task/{tid}/status";
        if (!ProcFs.TryReadText(statusPath, out string? text) || !ProcStatusParser.TryParse(text, out ProcStatus? status))
        {
            return true; // gone
        }

        return status.State is 'Z' or 'X'
            || (status.TracerPid != 0 && Directory.Exists($"/proc/self/task/{status.TracerPid}"));
    }
}
