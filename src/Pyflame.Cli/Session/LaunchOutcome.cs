namespace Pyflame.Cli.Session;

/// <summary>How following a traced command's start ended (see <see cref="LaunchHold"/>).</summary>
internal enum LaunchOutcome
{
    /// <summary>A process's interpreter is ready (held at its start until the hold is disposed).</summary>
    Found,

    /// <summary>Every process of the command exited before a Python interpreter was ready in one.</summary>
    Exited,

    /// <summary>ptrace was refused (another tracer, a policy): the command runs unheld and is found by polling.</summary>
    NotFollowed,
}
