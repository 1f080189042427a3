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
    /// Reads several ranges: range i, <paramref name="lengths"/>[i] bytes from <paramref name="addresses"/>[i], into
    /// <paramref name="destination"/> at <paramref name="offsets"/>[i]. Returns how many leading ranges arrived
    /// whole; the first range that cannot be read whole ends the call. A live reader overrides this to fetch them
    /// all with one system call (a system call costs more than copying a few pages; ask only for the bytes needed, as
    /// copying the rest is not free either); this default reads them one at a time.
    /// </summary>
    int ReadRanges(ReadOnlySpan<ulong> addresses, ReadOnlySpan<int> lengths, Span<byte> destination, ReadOnlySpan<int> offsets)
    {
        for (int i = 0; i < addresses.Length; i++)
        {
            if (Read(addresses[i], destination.Slice(offsets[i], lengths[i])) != lengths[i])
            {
                return i;
            }
        }

        return addresses.Length;
    }
}
