namespace Pyflame.Cli;

/// <summary>Trace mode's command does not exist; exits 127 like a shell would, so wrapped CI steps read the same.</summary>
internal sealed class CommandNotFoundException : Exception
{
    public CommandNotFoundException(string message)
        : base(message)
    {
    }

    public CommandNotFoundException()
    {
    }

    public CommandNotFoundException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
