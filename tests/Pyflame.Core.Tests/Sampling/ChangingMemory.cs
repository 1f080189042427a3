using Pyflame.Core.Memory;

namespace Pyflame.Core.Tests.Sampling;

/// <summary>
/// Memory that runs an action (given the read's number and address) after every read, standing in for a target that keeps running while the
/// profiler reads it (non-blocking mode).
/// </summary>
internal sealed class ChangingMemory(IMemoryReader inner, Action<int, ulong> afterRead) : IMemoryReader
{
    private int _reads;

    public int Read(ulong address, Span<byte> destination)
    {
        int read = inner.Read(address, destination);
        afterRead(++_reads, address);
        return read;
    }
}
