namespace Pyflame.Core.Memory;

/// <summary>
/// The one way the core reads a target's memory. Live processes, recorded snapshots and synthetic
/// test memory all implement it, so the walker never knows which it is looking at.
/// </summary>
public interface IMemoryReader
{
    /// <summary>
    /// Copies target memory at <paramref name="address"/> into <paramref name="destination"/>.
    /// Returns the number of bytes copied: fewer than asked means the range ran into unmapped memory,
    /// 0 means nothing was readable. Never throws for unreadable addresses.
    /// </summary>
    int Read(ulong address, Span<byte> destination);

    /// <summary>
    /// Reads several ranges of <paramref name="length"/> bytes: range i from <paramref name="addresses"/>[i] into
    /// <paramref name="destination"/> at <paramref name="offsets"/>[i]. Returns how many leading ranges arrived
    /// whole; the first range that cannot be read whole ends the call. A live reader overrides this to fetch them
    /// all with one system call (the per-call cost, not the bytes, is what a sample pays for); this default reads
    /// them one at a time.
    /// </summary>
    int ReadRanges(ReadOnlySpan<ulong> addresses, int length, Span<byte> destination, ReadOnlySpan<int> offsets)
    {
        for (int i = 0; i < addresses.Length; i++)
        {
            if (Read(addresses[i], destination.Slice(offsets[i], length)) != length)
            {
                return i;
            }
        }

        return addresses.Length;
    }
}
