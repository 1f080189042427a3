namespace Pyflame.Linux;

/// <summary>
/// The part of a write-only, non-seekable <see cref="Stream"/> that is the same for every such stream (no reading,
/// no position, no length), so each one says only how it writes (<see cref="DescriptorStream"/>, the CLI's output).
/// </summary>
public abstract class WriteOnlyStream : Stream
{
    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
