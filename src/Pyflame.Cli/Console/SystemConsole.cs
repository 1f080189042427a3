using Pyflame.Linux;

namespace Pyflame.Cli.Console;

/// <summary>The real process console.</summary>
internal sealed class SystemConsole : IConsole
{
    /// <summary>fd 1's open flags, in octal; O_ACCMODE (3) of them is 0 for read-only.</summary>
    private const string StdoutInfo = "/proc/self/fdinfo/1";

    public TextWriter Error => System.Console.Error;

    public TextReader In => System.Console.In;

    /// <summary>
    /// File descriptor 1 written with write(2) (<see cref="DescriptorStream"/>): System.Console's own stream drops writes
    /// to a pipe whose reader has gone (EPIPE) without a word, which lost profiles silently under `| head`. A closed stdout is refused up front,
    /// before any sampling, rather than discovered when the profile is written.
    /// </summary>
    public Stream OpenStandardOutput()
    {
        if (!IsOpen())
        {
            throw new OutputException("stdout is closed (was pyflame started with >&-?): pass -o FILE to write the profile to a file");
        }

        return new OutputStream(new DescriptorStream(1), "stdout");
    }

    /// <summary>
    /// Whether fd 1 is open for writing. Started with stdout closed, the runtime reuses descriptor 1 for a file or
    /// pipe of its own (read-only), so "is fd 1 open" is not enough: its access mode must allow writes.
    /// </summary>
    private static bool IsOpen()
    {
        try
        {
            string? flags = File.ReadLines(StdoutInfo).FirstOrDefault(l => l.StartsWith("flags:", StringComparison.Ordinal));
            return flags is not null && (Convert.ToInt32(flags["flags:".Length..].Trim(), 8) & 3) != 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return false;
        }
    }

    public bool IsInputTerminal => !System.Console.IsInputRedirected;

    public bool IsOutputTerminal => !System.Console.IsOutputRedirected;

    public bool IsErrorTerminal => !System.Console.IsErrorRedirected;
}
