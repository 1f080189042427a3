namespace Pyflame.Cli.Console;

/// <summary>The terminal seam: handlers write through this so tests can capture exactly what a user sees.</summary>
internal interface IConsole
{
    TextWriter Error { get; }

    /// <summary>Raw standard output; profiles are UTF-8 bytes with '\n' line ends, whatever the platform.</summary>
    Stream OpenStandardOutput();

    TextReader In { get; }
}
