using Pyflame.Core.Memory;

namespace Pyflame.Core.Memory.Snapshots;

/// <summary>
/// Decorates a live reader and keeps a copy of every page a read touched (whole 4 KiB pages, so the
/// replay also serves reads of other sizes). A page that cannot be read whole is kept as far as it read.
/// </summary>
public sealed class RecordingMemoryReader(IMemoryReader inner) : IMemoryReader
{
    public const int PageSize = 4096;

    private readonly Dictionary<ulong, byte[]> _pages = [];

    public IReadOnlyDictionary<ulong, byte[]> Pages => _pages;

    public int Read(ulong address, Span<byte> destination)
    {
        int copied = inner.Read(address, destination);
        if (copied <= 0)
        {
            return copied;
        }

        ulong end = address + (ulong)copied;
        for (ulong page = address & ~(ulong)(PageSize - 1); page < end; page += PageSize)
        {
            if (!_pages.ContainsKey(page))
            {
                byte[] bytes = new byte[PageSize];
                int got = inner.Read(page, bytes);
                _pages[page] = got == PageSize ? bytes : bytes[..Math.Max(0, got)];
            }
        }

        return copied;
    }
}
