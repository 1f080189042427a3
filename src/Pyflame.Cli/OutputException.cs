namespace Pyflame.Cli;

/// <summary>The profile could not be written where the user asked (a full disk, a closed pipe); a runtime error (exit 1).</summary>
internal sealed class OutputException : Exception
{
    public OutputException(string message)
        : base(message)
    {
    }

    public OutputException()
    {
    }

    public OutputException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
