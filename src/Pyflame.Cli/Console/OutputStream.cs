using Pyflame.Linux;

namespace Pyflame.Cli.Console;

/// <summary>
/// The stream a profile is written to. A failed write or flush becomes an <see cref="OutputException"/> that names
/// the destination and the cause in words, so a full disk or a pipe whose reader left is reported as what it is
/// rather than as an internal error.
/// </summary>
internal sealed class OutputStream(Stream inner, string destination) : WriteOnlyStream
{
    /// <summary>errno values .NET puts in IOException.HResult on Linux.</summary>
    private const int EBADF = 9;
    private const int ENOSPC = 28;
    private const int EPIPE = 32;

    /// <summary>"stdout" or the quoted file name, as messages show it.</summary>
    public string Destination { get; } = destination;

    public override void Write(byte[] buffer, int offset, int count) => Guard(() => inner.Write(buffer, offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        try
        {
            inner.Write(buffer);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Describe(e);
        }
    }

    public override void Flush() => Guard(inner.Flush);


    /// <summary>The one-line reason a write to <see cref="Destination"/> failed.</summary>
    public OutputException Describe(Exception e)
    {
        string reason = e.HResult switch
        {
            EPIPE => "the pipe's reader has gone (e.g. `| head` read what it wanted and quit)",
            ENOSPC => "no space left on the device",
            EBADF => "it is closed",
            _ when e.Message.Contains("Broken pipe", StringComparison.Ordinal) => "the pipe's reader has gone (e.g. `| head` read what it wanted and quit)",
            _ => e.Message.ReplaceLineEndings(" "),
        };
        return new OutputException($"cannot write the profile to {Destination}: {reason}", e);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Guard(inner.Dispose);
        }

        base.Dispose(disposing);
    }

    private void Guard(Action write)
    {
        try
        {
            write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Describe(e);
        }
    }
}
