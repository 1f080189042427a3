using Pyflame.Core.Memory;

namespace Pyflame.Core.Tests.Fakes;

/// <summary>
/// Wraps a reader and, with a fixed seed, overwrites random bytes of some reads: like reading a target
/// that keeps changing (or is corrupt), to check that readers stay bounded and never throw.
/// </summary>
public sealed class CorruptingMemory(IMemoryReader inner, int seed, double corruptionRate) : IMemoryReader
{
    private readonly Random _random = new(seed);

    public int Read(ulong address, Span<byte> destination)
    {
        int read = inner.Read(address, destination);
        if (read > 0 && _random.NextDouble() < corruptionRate)
        {
            int flips = 1 + _random.Next(3);
            for (int i = 0; i < flips; i++)
            {
                destination[_random.Next(read)] = (byte)_random.Next(256);
            }
        }

        return read;
    }
}
