using Pyflame.Cli.Console;
using Pyflame.Core.Targets;
using Pyflame.Linux;

namespace Pyflame.Cli.Session;

/// <summary>
/// The words for a target's condition (see <see cref="ProcessCondition"/>): refusals for what cannot be profiled,
/// notes for what can but would otherwise mislead (a stopped process's samples look busy).
/// </summary>
internal static class TargetNotes
{
    /// <summary>
    /// Says what /proc shows before attaching and returns the id to read the process through: its own, or a live
    /// thread's when the main thread has exited (the leader's maps and memory are gone, a live thread's are not).
    /// </summary>
    public static int Admit(int pid, ProcessCondition? condition, IConsole console)
    {
        if (condition is null)
        {
            return pid; // gone or unreadable: opening it explains which
        }

        if (condition.MainThreadExited)
        {
            console.Error.WriteLine($"pyflame: note: the main thread of process {pid} has exited; profiling the threads still running (read through thread {condition.LiveThreadId})");
            return condition.LiveThreadId!.Value;
        }

        if (condition.IsZombie)
        {
            throw new TargetException($"process {pid} ({condition.Name}) is a zombie: it has exited and only waits for its parent to collect its exit status, so there is nothing left to profile");
        }

        if (condition.IsStopped)
        {
            console.Error.WriteLine(StoppedAtStart(pid));
        }

        return pid;
    }

    public static string StoppedAtStart(int pid) =>
        $"pyflame: note: process {pid} is stopped (SIGSTOP or Ctrl-Z): its stacks are frozen, so every sample shows the same place; `kill -CONT {pid}` resumes it";

    public static string StoppedDuring(int pid, int stopped, int samples) =>
        $"pyflame: note: process {pid} was stopped (SIGSTOP or Ctrl-Z) during {stopped} of the {samples} samples; those show where it was frozen, not where it was busy";

    /// <summary>The process exec'd (or unmapped its interpreter) between pyflame reading its map and its memory.</summary>
    public static string Changed(int pid, string? executable) =>
        $"process {pid} changed while pyflame attached (it replaced its program with exec{(executable is null ? string.Empty : $"; it now runs {executable}")}); run pyflame again once it is running Python";
}
