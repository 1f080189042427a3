namespace Pyflame.Linux;

/// <summary>Where one seized thread is, from the tracer's point of view.</summary>
internal enum TraceeState
{
    /// <summary>Running (or about to report a stop we have not collected yet).</summary>
    Running,

    /// <summary>In a ptrace-stop of ours (PTRACE_EVENT_STOP after PTRACE_INTERRUPT).</summary>
    Stopped,

    /// <summary>In a group-stop (someone sent SIGSTOP/SIGTSTP/...); resumed with PTRACE_LISTEN so it stays stopped.</summary>
    GroupStopped,

    /// <summary>Released with PTRACE_LISTEN: still stopped for the job-control sense, waiting for SIGCONT.</summary>
    Listening,
}
