namespace Pyflame.Core.Targets;

/// <summary>
/// An anticipated problem with the target (not Python, unsupported version, exited...). The message is
/// shown to the user as one line and must say what to do; no stack trace is ever printed for it.
/// </summary>
public sealed class TargetException : Exception
{
    public TargetException(string message)
        : base(message)
    {
    }

    public TargetException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public TargetException()
    {
    }

    /// <summary>The process runs no Python at all (as opposed to one that cannot be read or is not ready).</summary>
    public bool IsNotPython { get; init; }
}
