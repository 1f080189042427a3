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
}
