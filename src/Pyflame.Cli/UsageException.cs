namespace Pyflame.Cli;

/// <summary>A bad command line. The message is printed as one line, followed by a pointer to --help.</summary>
internal sealed class UsageException : Exception
{
    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException()
    {
    }

    public UsageException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
