using Pyflame.Core.Memory;

namespace Pyflame.Core.Tests.Fakes;

/// <summary>Counts the calls a reader makes to the target: single reads and batched ones (what a system call costs).</summary>
public sealed class CallCountingMemory(IMemoryReader inner) : IMemoryReader
{
    public int Reads { get; private set; }

    public int Batches { get; private set; }

    /// <summary>The addresses of the ranges the last batch asked for, in its order.</summary>
    public ulong[] LastBatch { get; private set; } = [];

    public int Read(ulong address, Span<byte> destination)
    {
        Reads++;
        return inner.Read(address, destination);
    }

    public int ReadRanges(ReadOnlySpan<ulong> addresses, int length, Span<byte> destination, ReadOnlySpan<int> offsets)
    {
        Batches++;
        LastBatch = addresses.ToArray();
        for (int i = 0; i < addresses.Length; i++)
        {
            if (inner.Read(addresses[i], destination.Slice(offsets[i], length)) != length)
            {
                return i;
            }
        }

        return addresses.Length;
    }
}
