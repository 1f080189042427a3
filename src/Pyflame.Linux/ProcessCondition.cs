using Pyflame.Core.ProcFs;

namespace Pyflame.Linux;

/// <summary>
/// What /proc says about a process before pyflame attaches, for the cases that would otherwise be misread: a zombie
/// (its maps are empty, so it "does not look like Python"), a process whose main thread exited while others run on
/// (the leader is a zombie but the process lives, readable through a live thread), one stopped by a signal (every
/// sample would show the same frozen line), and one already traced by a debugger or strace.
/// </summary>
/// <param name="State">The main thread's state letter (proc(5)): 'Z' zombie, 'T' stopped by a signal, ...</param>
/// <param name="Name">The command name (comm), for messages.</param>
/// <param name="TracerPid">Who ptraces the main thread; 0 for nobody.</param>
/// <param name="LiveThreadId">A thread of the process that has not exited, or null when none is left.</param>
public sealed record ProcessCondition(int Pid, char State, string Name, int TracerPid, int? LiveThreadId)
{
    public bool IsZombie => State is 'Z' or 'X';

    /// <summary>The main thread exited but others run on: the process is alive and still has Python to profile.</summary>
    public bool MainThreadExited => IsZombie && LiveThreadId is not null;

    /// <summary>Stopped by SIGSTOP, SIGTSTP (Ctrl-Z), SIGTTIN or SIGTTOU; 't' (stopped by a tracer) is not this.</summary>
    public bool IsStopped => State == 'T';

    /// <summary>Null when the process is gone or its status cannot be read.</summary>
    public static ProcessCondition? TryRead(int pid)
    {
        if (!ProcFs.TryReadText(ProcFs.ProcessPath(pid) + "/status", out string? text) || !ProcStatusParser.TryParse(text, out ProcStatus? status))
        {
            return null;
        }

        int? live = null;
        foreach (int tid in ProcFs.ListThreads(pid))
        {
            if (ProcFs.TryReadThreadState(pid, tid, out char state) && state is not ('Z' or 'X'))
            {
                live = tid;
                break;
            }
        }

        return new ProcessCondition(pid, status.State, status.Name, status.TracerPid, live);
    }

    /// <summary>Whether the process is stopped by a signal now (one small read, cheap enough to ask during sampling).</summary>
    public static bool IsStoppedNow(int pid, int tid) => ProcFs.TryReadThreadState(pid, tid, out char state) && state == 'T';

    /// <summary>The command name of <paramref name="pid"/>, or null; for naming a tracer.</summary>
    public static string? NameOf(int pid) =>
        ProcFs.TryReadText(ProcFs.ProcessPath(pid) + "/comm", out string? text) ? text.Trim() : null;
}
