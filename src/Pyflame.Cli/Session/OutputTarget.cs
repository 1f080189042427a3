using System.Text;
using Pyflame.Cli.Console;

namespace Pyflame.Cli.Session;

/// <summary>Where the profile goes: -o FILE (created before sampling starts, so a bad path fails fast) or stdout.</summary>
internal sealed class OutputTarget : IDisposable
{
    private readonly Stream _stream;

    private OutputTarget(Stream stream)
    {
        _stream = stream;
        Writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16) { NewLine = "\n" };
    }

    public TextWriter Writer { get; }

    public Stream Stream => _stream;

    public static OutputTarget Open(string? path, IConsole console)
    {
        if (path is null)
        {
            return new OutputTarget(console.OpenStandardOutput());
        }

        try
        {
            return new OutputTarget(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new UsageException($"cannot write the output file '{path}': {e.Message}");
        }
    }

    public void Dispose()
    {
        Writer.Flush();
        Writer.Dispose();
    }
}
