namespace Pyflame.Core.Binaries.Elf;

/// <summary>
/// Bounded, thread-safe positioned reads from the (owned) ELF stream. Every read is checked against
/// the stream length first, so a corrupt offset or size becomes an <see cref="ElfFormatException"/>
/// instead of an allocation or an <see cref="EndOfStreamException"/>.
/// </summary>
internal sealed class ElfStreamReader : IDisposable
{
    private readonly Stream _stream;
    private readonly Lock _gate = new();
    private bool _disposed;

    public ElfStreamReader(Stream stream)
    {
        _stream = stream;
        Length = (ulong)stream.Length;
    }

    public ulong Length { get; }

    public bool Contains(ulong offset, ulong size) => offset <= Length && size <= Length - offset;

    /// <summary>Reads <paramref name="size"/> bytes at <paramref name="offset"/>, or throws naming <paramref name="what"/>.</summary>
    public byte[] ReadBlock(ulong offset, ulong size, ulong maxSize, string what)
    {
        if (size > maxSize)
        {
            throw new ElfFormatException($"{what} is {size} bytes, above the limit of {maxSize}.");
        }

        if (!Contains(offset, size))
        {
            throw new ElfFormatException(
                $"{what} (offset 0x{offset:x}, size 0x{size:x}) lies outside the file (length 0x{Length:x}).");
        }

        byte[] buffer = new byte[size];
        if (!TryRead(offset, buffer))
        {
            throw new ElfFormatException($"{what} could not be read: the file is shorter than its reported length.");
        }

        return buffer;
    }

    /// <summary>Fills <paramref name="destination"/> from <paramref name="offset"/>; false if out of range.</summary>
    public bool TryRead(ulong offset, Span<byte> destination)
    {
        if (!Contains(offset, (ulong)destination.Length))
        {
            return false;
        }

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            try
            {
                _stream.Position = (long)offset;
                _stream.ReadExactly(destination);
                return true;
            }
            catch (EndOfStreamException)
            {
                // The file shrank after Parse measured it; treat like any other out-of-range read.
                return false;
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _disposed = true;
                _stream.Dispose();
            }
        }
    }
}
