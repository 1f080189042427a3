using Pyflame.Core.Memory;

namespace Pyflame.Core.Tests.Fakes;

/// <summary>
/// <see cref="SyntheticMemory"/> as a process maps it: in whole pages. <see cref="PyHeapBuilder"/> puts every block at
/// a page's start with a gap after it, so a page is mapped when its first byte is; the rest of a mapped page reads
/// as zeros. Lets the page cache's whole-page batches read synthetic heaps as they read a live process.
/// </summary>
public sealed class PageGranularMemory(SyntheticMemory inner) : IMemoryReader
{
    private const int PageSize = 4096;

    public int Read(ulong address, Span<byte> destination)
    {
        Span<byte> probe = stackalloc byte[1];
        int copied = 0;
        while (copied < destination.Length)
        {
            ulong at = address + (ulong)copied;
            int length = Math.Min(destination.Length - copied, PageSize - (int)(at & (PageSize - 1)));
            if (inner.Read(at & ~(ulong)(PageSize - 1), probe) != 1)
            {
                break;
            }

            Span<byte> part = destination.Slice(copied, length);
            int read = inner.Read(at, part);
            part[read..].Clear();
            copied += length;
        }

        return copied;
    }
}
