using Pyflame.Core.Memory;

namespace Pyflame.Core.Tests.Fakes;

/// <summary>Counts the calls a reader makes to the target: single reads and batched ones (what a system call costs), and the bytes they ask for.</summary>
public sealed class CallCountingMemory(IMemoryReader inner) : IMemoryReader
{
    public int Reads { get; private set; }

    public int Batches { get; private set; }

    /// <summary>The addresses of the ranges the last batch asked for, in its order.</summary>
    public ulong[] LastBatch { get; private set; } = [];

    /// <summary>The pages of the ranges the last batch asked for (each range lies in one page), in its order.</summary>
    public ulong[] LastBatchPages => [.. LastBatch.Select(address => address & ~0xfffUL)];

    /// <summary>The lengths of the ranges the last batch asked for, in its order.</summary>
    public int[] LastBatchLengths { get; private set; } = [];

    /// <summary>Bytes asked for by single reads since construction.</summary>
    public long BytesReadSingly { get; private set; }

    public int Read(ulong address, Span<byte> destination)
    {
        Reads++;
        BytesReadSingly += destination.Length;
        return inner.Read(address, destination);
    }

    public int ReadRanges(ReadOnlySpan<ulong> addresses, ReadOnlySpan<int> lengths, Span<byte> destination, ReadOnlySpan<int> offsets)
    {
        Batches++;
        LastBatch = addresses.ToArray();
        LastBatchLengths = lengths.ToArray();
        for (int i = 0; i < addresses.Length; i++)
        {
            if (inner.Read(addresses[i], destination.Slice(offsets[i], lengths[i])) != lengths[i])
            {
                return i;
            }
        }

        return addresses.Length;
    }
}
