namespace Pyflame.Cli.Console;

/// <summary>The terminal seam: handlers write through this so tests can capture exactly what a user sees.</summary>
internal interface IConsole
{
    TextWriter Error { get; }

    /// <summary>Raw standard output; profiles are UTF-8 bytes with '\n' line ends, whatever the platform.</summary>
    Stream OpenStandardOutput();

    TextReader In { get; }

    /// <summary>Whether stdin is a terminal (the live view reads its keys there).</summary>
    bool IsInputTerminal => false;

    /// <summary>Whether stdout is a terminal (the live view draws there; a profile written there is no place for a progress line).</summary>
    bool IsOutputTerminal => false;

    /// <summary>Whether stderr is a terminal (the progress line is drawn only then).</summary>
    bool IsErrorTerminal => false;
}
