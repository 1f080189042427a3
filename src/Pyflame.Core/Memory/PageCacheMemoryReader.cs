namespace Pyflame.Core.Memory;

/// <summary>
/// Serves small reads from whole pages fetched once per sample. A stack walk reads many small,
/// neighbouring structures (frames in one data-stack chunk or pymalloc pool, code objects next to each
/// other), so one system call per page replaces one per structure. <see cref="Invalidate"/> must be
/// called whenever the target may have run since the pages were read (each sample, each re-check).
/// Direct-mapped, fixed size, no allocation after construction.
/// </summary>
public sealed class PageCacheMemoryReader : IMemoryReader
{
    private const int PageShift = 12;
    private const int PageSize = 1 << PageShift;
    private const int Slots = 256;

    private readonly IMemoryReader _inner;
    private readonly byte[] _pages = new byte[Slots * PageSize];
    private readonly ulong[] _pageOfSlot = new ulong[Slots];
    private readonly uint[] _generationOfSlot = new uint[Slots];
    private uint _generation = 1;

    public PageCacheMemoryReader(IMemoryReader inner) => _inner = inner;

    /// <summary>Pages fetched from the target since construction (for benchmarks and tests).</summary>
    public long PageReads { get; private set; }

    /// <summary>Forgets every cached page in O(1).</summary>
    public void Invalidate() => _generation++;

    public int Read(ulong address, Span<byte> destination)
    {
        int copied = 0;
        while (copied < destination.Length)
        {
            ulong at = address + (ulong)copied;
            int offsetInPage = (int)(at & (PageSize - 1));
            int length = Math.Min(destination.Length - copied, PageSize - offsetInPage);
            if (!TryGetPage(at >> PageShift, out ReadOnlySpan<byte> page))
            {
                // The page is not wholly readable (a mapping ends inside it): read just what was asked.
                return copied + _inner.Read(at, destination[copied..]);
            }

            page.Slice(offsetInPage, length).CopyTo(destination[copied..]);
            copied += length;
        }

        return copied;
    }

    private bool TryGetPage(ulong pageNumber, out ReadOnlySpan<byte> page)
    {
        int slot = (int)(pageNumber % Slots);
        Span<byte> storage = _pages.AsSpan(slot * PageSize, PageSize);
        if (_generationOfSlot[slot] == _generation && _pageOfSlot[slot] == pageNumber)
        {
            page = storage;
            return true;
        }

        page = default;
        PageReads++;
        if (_inner.Read(pageNumber << PageShift, storage) != PageSize)
        {
            _generationOfSlot[slot] = 0;
            return false;
        }

        _pageOfSlot[slot] = pageNumber;
        _generationOfSlot[slot] = _generation;
        page = storage;
        return true;
    }
}
