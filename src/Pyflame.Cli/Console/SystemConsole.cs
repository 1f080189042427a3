namespace Pyflame.Cli.Console;

/// <summary>The real process console.</summary>
internal sealed class SystemConsole : IConsole
{
    public TextWriter Error => System.Console.Error;

    public TextReader In => System.Console.In;

    public Stream OpenStandardOutput() => System.Console.OpenStandardOutput();

    public bool IsInputTerminal => !System.Console.IsInputRedirected;

    public bool IsOutputTerminal => !System.Console.IsOutputRedirected;

    public bool IsErrorTerminal => !System.Console.IsErrorRedirected;
}
