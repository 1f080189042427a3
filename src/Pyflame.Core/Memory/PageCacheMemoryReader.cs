namespace Pyflame.Core.Memory;

/// <summary>
/// Serves small reads from copies of pages. A stack walk reads many small, neighbouring structures (frames in one
/// data-stack chunk or pymalloc pool, code objects next to each other), so one fetch per page replaces one per
/// structure; and because a sampler walks mostly the same memory every time, <see cref="BeginPhase"/> fetches, with
/// ONE batched read (<see cref="IMemoryReader.ReadRanges"/>), all the pages a step touched in its last runs, and of
/// each only the bytes it touched there (<see cref="PageWorkingSet"/>, widened to <see cref="RangeAlignment"/>): a
/// steady-state sample costs a system call or two instead of one per page, and the kernel copies the bytes the walk
/// reads, not whole pages of which it reads a few frames. A page it did not foresee, or bytes of a page outside what
/// its slot holds, are read on demand, the whole page at once; every read of one page is served from one copy.
/// Whenever the target may have run since pages were read, call <see cref="Invalidate"/> or <see cref="BeginPhase"/>.
/// Direct-mapped, fixed size, no allocation after construction.
/// </summary>
public sealed class PageCacheMemoryReader : IMemoryReader
{
    /// <summary>Distinct steps a caller may name in <see cref="BeginPhase"/>: one per <see cref="ReadPhase"/>.</summary>
    private static readonly int s_phaseCount = Enum.GetValues<ReadPhase>().Length;

    private const int PageShift = 12;
    private const int PageSize = 1 << PageShift;
    private const int Slots = 256;

    /// <summary>
    /// What a batched range is widened to at both ends (a cache line): a structure read one field longer, or a frame
    /// placed a little further up, next run should not miss its page's range by a few bytes and read the page again.
    /// </summary>
    private const int RangeAlignment = 64;

    /// <summary>Pages remembered per phase: a 200-deep 3.9 stack touches about 60.</summary>
    private const int WorkingSetCapacity = 128;

    /// <summary>Pages a caller may name ahead of a phase's remembered ones (<see cref="BeginPhase(ReadPhase, ReadOnlySpan{ulong}, ReadOnlySpan{ulong})"/>).</summary>
    public const int MaxLeadingPages = 96;

    /// <summary>Pages read a second time at the end of a batch (<see cref="Rereads"/>).</summary>
    public const int MaxRereadPages = 8;

    /// <summary>Pages kept beside the direct-mapped slots when their slot is taken in the same generation.</summary>
    private const int OverflowSlots = 32;

    /// <summary>Page storage: the direct-mapped slots, then the overflow slots, then the re-read copies.</summary>
    private const int FirstOverflow = Slots;
    private const int FirstReread = FirstOverflow + OverflowSlots;
    private const int StorageSlots = FirstReread + MaxRereadPages;

    private const int BatchCapacity = MaxLeadingPages + WorkingSetCapacity + MaxRereadPages;

    private static readonly ByteRange s_wholePage = new(0, PageSize);

    private readonly IMemoryReader _inner;
    private readonly byte[] _pages = new byte[StorageSlots * PageSize];

    /// <summary>Which bytes of its page each storage slot holds (a page's bytes sit at their offset in its slot).</summary>
    private readonly ByteRange[] _held = new ByteRange[StorageSlots];
    private readonly ulong[] _rereadPages = new ulong[MaxRereadPages];
    private readonly ulong[] _overflowPages = new ulong[OverflowSlots];
    private int _overflowCount;
    private readonly ulong[] _pageOfSlot = new ulong[Slots];
    private readonly ulong[] _generationOfSlot = new ulong[Slots];
    private readonly RunTouches _touches = new(FirstReread);
    private readonly PageWorkingSet[] _phases = new PageWorkingSet[s_phaseCount];
    private readonly ulong[] _batchAddresses = new ulong[BatchCapacity];
    private readonly int[] _batchLengths = new int[BatchCapacity];
    private readonly int[] _batchOffsets = new int[BatchCapacity];
    private readonly int[] _batchSlots = new int[BatchCapacity];
    private int _rereadCount;
    private ulong _generation = 1; // 64 bits: a uint wrapped after 2^32 phases, some hours at the highest rate, and could revive a stale slot

    public PageCacheMemoryReader(IMemoryReader inner)
    {
        _inner = inner;
        Rereads = new RereadView(this);
        for (int i = 0; i < s_phaseCount; i++)
        {
            _phases[i] = new PageWorkingSet(WorkingSetCapacity);
        }
    }

    /// <summary>Pages (or the remembered parts of pages) fetched from the target since construction (for benchmarks and tests).</summary>
    public long PageReads { get; private set; }

    /// <summary>
    /// Pages read one by one, outside a batch, since the last <see cref="BeginPhase(ReadPhase)"/>: memory read later
    /// than the batch (a step that has them all in its batch saw the target within one system call). A page whose
    /// slot held only part of it counts here when a read needed more of it.
    /// </summary>
    public int PagesReadOnDemand { get; private set; }

    /// <summary>
    /// The second copies of the re-read pages named in the last <see cref="BeginPhase(ReadPhase, ReadOnlySpan{ulong}, ReadOnlySpan{ulong})"/>,
    /// copied after every other page of its batch; reads outside them (or outside the bytes of them the phase
    /// remembered) return 0 bytes.
    /// </summary>
    public IMemoryReader Rereads { get; }

    /// <summary>Forgets every cached page in O(1); ends the current phase without fetching anything.</summary>
    public void Invalidate()
    {
        _touches.EndRun();
        _generation++;
        _rereadCount = 0;
        _overflowCount = 0;
        PagesReadOnDemand = 0;
    }

    /// <summary>
    /// Forgets every cached page, then fetches in one batch the pages phase <paramref name="phase"/> (the caller's
    /// name for a repeated step) touched in its last runs.
    /// </summary>
    public void BeginPhase(ReadPhase phase) => BeginPhase(phase, [], []);

    /// <summary>
    /// Like <see cref="BeginPhase(ReadPhase)"/>, in the same one batch: first <paramref name="leading"/> (pages the caller
    /// expects to need, in the order they should be copied: the target runs on while a batch is copied), then the
    /// phase's remembered pages, and last a second copy of <paramref name="rereads"/> (see <see cref="Rereads"/>), so
    /// that a structure copied early in the batch can be checked to have held still until its end. Leading and
    /// re-read pages the phase remembers are copied as far as it remembers them; others whole.
    /// </summary>
    public void BeginPhase(ReadPhase phase, ReadOnlySpan<ulong> leading, ReadOnlySpan<ulong> rereads)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(leading.Length, MaxLeadingPages, nameof(leading));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rereads.Length, MaxRereadPages, nameof(rereads));
        Invalidate();
        PageWorkingSet remembered = StartPhase(phase);
        int count = 0;
        foreach (ulong page in leading)
        {
            count = AddToBatch(count, page, RememberedBytes(remembered, page));
        }

        count = AddRemembered(remembered, count);
        for (int i = 0; i < rereads.Length; i++)
        {
            count = AddRange(count, rereads[i], RememberedBytes(remembered, rereads[i]), FirstReread + i);
        }

        FetchBatch(count);
        rereads.CopyTo(_rereadPages);
    }

    /// <summary>
    /// Ends the current phase and starts <paramref name="phase"/> WITHOUT forgetting what is cached: its remembered
    /// pages not cached yet are fetched in one batch. For a step that must see some pages as of a moment (a
    /// thread's top frame right after its thread state) and can take the rest slightly later.
    /// </summary>
    public void ContinuePhase(ReadPhase phase) => FetchBatch(AddRemembered(StartPhase(phase), 0));

    public int Read(ulong address, Span<byte> destination)
    {
        int copied = 0;
        while (copied < destination.Length)
        {
            ulong at = address + (ulong)copied;
            int offsetInPage = (int)(at & (PageSize - 1));
            int length = Math.Min(destination.Length - copied, PageSize - offsetInPage);
            if (!TryGetPage(at >> PageShift, offsetInPage, length, out ReadOnlySpan<byte> page))
            {
                // The page is not wholly readable (a mapping ends inside it): read just what was asked.
                return copied + _inner.Read(at, destination[copied..]);
            }

            page.Slice(offsetInPage, length).CopyTo(destination[copied..]);
            copied += length;
        }

        return copied;
    }

    private PageWorkingSet StartPhase(ReadPhase phase)
    {
        int index = (int)phase;
        ArgumentOutOfRangeException.ThrowIfNegative(index, nameof(phase));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, s_phaseCount, nameof(phase));
        _touches.BeginRun(_phases[index]);
        return _phases[index];
    }

    private static ByteRange RememberedBytes(PageWorkingSet remembered, ulong page)
    {
        int index = remembered.IndexOf(page);
        return index >= 0 ? remembered.RangeAt(index) : s_wholePage;
    }

    private int AddRemembered(PageWorkingSet remembered, int count)
    {
        ReadOnlySpan<ulong> pages = remembered.Pages;
        for (int i = 0; i < pages.Length; i++)
        {
            count = AddToBatch(count, pages[i], remembered.RangeAt(i));
        }

        return count;
    }

    /// <summary>Adds <paramref name="page"/> to the batch at position <paramref name="count"/> unless it is cached already; returns the batch's new length.</summary>
    private int AddToBatch(int count, ulong page, ByteRange bytes)
    {
        int slot = (int)(page % Slots);
        if (_generationOfSlot[slot] != _generation)
        {
            _generationOfSlot[slot] = _generation; // claims the slot for this batch; confirmed below
            _pageOfSlot[slot] = page;
            return AddRange(count, page, bytes, slot);
        }

        if (_pageOfSlot[slot] != page && IndexOfOverflow(page) < 0 && _overflowCount < OverflowSlots)
        {
            // Two pages of one batch share a slot: the second goes beside, so the batch still holds them both.
            int index = _overflowCount++;
            _overflowPages[index] = page;
            return AddRange(count, page, bytes, FirstOverflow + index);
        }

        return count;
    }

    private int AddRange(int count, ulong page, ByteRange bytes, int storage)
    {
        ByteRange wanted = bytes.IsEmpty ? s_wholePage : bytes.Aligned(RangeAlignment, PageSize);
        _held[storage] = wanted;
        _batchAddresses[count] = (page << PageShift) + (ulong)wanted.Start;
        _batchLengths[count] = wanted.Length;
        _batchOffsets[count] = (storage * PageSize) + wanted.Start;
        _batchSlots[count] = storage;
        return count + 1;
    }

    private int IndexOfOverflow(ulong page) => Array.IndexOf(_overflowPages, page, 0, _overflowCount);

    private void FetchBatch(int count)
    {
        if (count == 0)
        {
            return;
        }

        int whole = _inner.ReadRanges(
            _batchAddresses.AsSpan(0, count), _batchLengths.AsSpan(0, count), _pages, _batchOffsets.AsSpan(0, count));
        PageReads += whole;
        for (int i = whole; i < count; i++)
        {
            // Unread (unmapped now, or after the one that was): read on demand if needed.
            Forget(_batchSlots[i]);
        }

        for (int i = 0; i < count; i++)
        {
            _rereadCount += _batchSlots[i] >= FirstReread && i < whole ? 1 : 0; // re-reads come last: a short batch loses them from the first missing
        }
    }

    /// <summary>Drops the page in storage slot <paramref name="storage"/>: its copy is missing or torn.</summary>
    private void Forget(int storage)
    {
        _held[storage] = default;
        if (storage < FirstOverflow)
        {
            _generationOfSlot[storage] = 0;
        }
        else if (storage < FirstReread)
        {
            int index = storage - FirstOverflow;
            _overflowPages[index] = ulong.MaxValue;
            _overflowCount -= index == _overflowCount - 1 ? 1 : 0; // the last one taken (a page just tried) is free again
        }
    }

    /// <summary>Copies from the re-read pages only; 0 bytes where a page of the range was not re-read (or not those bytes of it).</summary>
    private int ReadAgain(ulong address, Span<byte> destination)
    {
        int copied = 0;
        while (copied < destination.Length)
        {
            ulong at = address + (ulong)copied;
            int index = Array.IndexOf(_rereadPages, at >> PageShift, 0, _rereadCount);
            int offsetInPage = (int)(at & (PageSize - 1));
            int length = Math.Min(destination.Length - copied, PageSize - offsetInPage);
            if (index < 0 || !_held[FirstReread + index].Contains(offsetInPage, length))
            {
                return copied;
            }

            _pages.AsSpan(((FirstReread + index) * PageSize) + offsetInPage, length).CopyTo(destination[copied..]);
            copied += length;
        }

        return copied;
    }

    /// <summary>
    /// The copy of page <paramref name="pageNumber"/> that holds bytes [<paramref name="start"/>, + <paramref name="length"/>):
    /// the cached one, else the whole page read now (into the same slot, so later reads see this copy only).
    /// </summary>
    private bool TryGetPage(ulong pageNumber, int start, int length, out ReadOnlySpan<byte> page)
    {
        int slot = (int)(pageNumber % Slots);
        if (_generationOfSlot[slot] != _generation || _pageOfSlot[slot] != pageNumber)
        {
            slot = StorageFor(pageNumber, slot);
        }

        if (!_held[slot].Contains(start, length) && !TryReadWholePage(pageNumber, slot))
        {
            page = default;
            return false;
        }

        _touches.Touch(slot, pageNumber, start, start + length);
        page = _pages.AsSpan(slot * PageSize, PageSize);
        return true;
    }

    /// <summary>The overflow slot holding <paramref name="pageNumber"/>, else the storage it is given now (holding none of it yet).</summary>
    private int StorageFor(ulong pageNumber, int slot)
    {
        int index = IndexOfOverflow(pageNumber);
        if (index >= 0)
        {
            return FirstOverflow + index;
        }

        if (_generationOfSlot[slot] == _generation && _overflowCount < OverflowSlots)
        {
            // Keep the slot's page (it may belong to this sample's batch); this one goes beside it.
            index = _overflowCount++;
            _overflowPages[index] = pageNumber;
            slot = FirstOverflow + index;
        }
        else
        {
            _generationOfSlot[slot] = _generation;
            _pageOfSlot[slot] = pageNumber;
        }

        _held[slot] = default;
        return slot;
    }

    private bool TryReadWholePage(ulong pageNumber, int storage)
    {
        PageReads++;
        PagesReadOnDemand++;
        if (_inner.Read(pageNumber << PageShift, _pages.AsSpan(storage * PageSize, PageSize)) != PageSize)
        {
            Forget(storage);
            return false;
        }

        _held[storage] = s_wholePage;
        return true;
    }

    private sealed class RereadView(PageCacheMemoryReader cache) : IMemoryReader
    {
        public int Read(ulong address, Span<byte> destination) => cache.ReadAgain(address, destination);
    }
}
