namespace Pyflame.Core.Memory;

/// <summary>
/// Serves small reads from whole pages. A stack walk reads many small, neighbouring structures (frames in one
/// data-stack chunk or pymalloc pool, code objects next to each other), so one fetch per page replaces one per
/// structure; and because a sampler walks mostly the same memory every time, <see cref="BeginPhase"/> fetches
/// all the pages a step touched last time with ONE batched read (<see cref="IMemoryReader.ReadRanges"/>): a
/// steady-state sample costs a system call or two instead of one per page. Pages it did not foresee are read
/// on demand. Whenever the target may have run since pages were read, call <see cref="Invalidate"/> or
/// <see cref="BeginPhase"/>. Direct-mapped, fixed size, no allocation after construction.
/// </summary>
public sealed class PageCacheMemoryReader : IMemoryReader
{
    /// <summary>Distinct steps a caller may name in <see cref="BeginPhase"/>: one per <see cref="ReadPhase"/>.</summary>
    private static readonly int s_phaseCount = Enum.GetValues<ReadPhase>().Length;

    private const int PageShift = 12;
    private const int PageSize = 1 << PageShift;
    private const int Slots = 256;

    /// <summary>Pages remembered per phase: a 200-deep 3.9 stack touches about 60.</summary>
    private const int WorkingSetCapacity = 128;

    /// <summary>Pages a caller may name ahead of a phase's remembered ones (<see cref="BeginPhase(ReadPhase, ReadOnlySpan{ulong}, ReadOnlySpan{ulong})"/>).</summary>
    public const int MaxLeadingPages = 96;

    /// <summary>Pages read a second time at the end of a batch (<see cref="Rereads"/>).</summary>
    public const int MaxRereadPages = 8;

    /// <summary>Pages kept beside the direct-mapped slots when their slot is taken in the same generation.</summary>
    private const int OverflowSlots = 32;

    private const int BatchCapacity = MaxLeadingPages + WorkingSetCapacity + MaxRereadPages;

    private readonly IMemoryReader _inner;
    private readonly byte[] _pages = new byte[(Slots + MaxRereadPages + OverflowSlots) * PageSize];
    private readonly ulong[] _rereadPages = new ulong[MaxRereadPages];
    private readonly ulong[] _overflowPages = new ulong[OverflowSlots];
    private int _overflowCount;
    private readonly ulong[] _pageOfSlot = new ulong[Slots];
    private readonly uint[] _generationOfSlot = new uint[Slots];
    private readonly uint[] _touchedInRun = new uint[Slots];
    private readonly ulong[] _touchedPage = new ulong[Slots];
    private readonly PageWorkingSet[] _phases = new PageWorkingSet[s_phaseCount];
    private readonly ulong[] _batchAddresses = new ulong[BatchCapacity];
    private readonly int[] _batchLengths = new int[BatchCapacity];
    private readonly int[] _batchOffsets = new int[BatchCapacity];
    private readonly int[] _batchSlots = new int[BatchCapacity];
    private int _rereadCount;
    private uint _generation = 1;
    private uint _run = 1;
    private int _phase = -1;

    public PageCacheMemoryReader(IMemoryReader inner)
    {
        _inner = inner;
        Rereads = new RereadView(this);
        for (int i = 0; i < s_phaseCount; i++)
        {
            _phases[i] = new PageWorkingSet(WorkingSetCapacity);
        }
    }

    /// <summary>Pages fetched from the target since construction (for benchmarks and tests).</summary>
    public long PageReads { get; private set; }

    /// <summary>
    /// Pages read one by one, outside a batch, since the last <see cref="BeginPhase(ReadPhase)"/>: memory read later
    /// than the batch (a step that has them all in its batch saw the target within one system call).
    /// </summary>
    public int PagesReadOnDemand { get; private set; }

    /// <summary>
    /// The second copies of the re-read pages named in the last <see cref="BeginPhase(ReadPhase, ReadOnlySpan{ulong}, ReadOnlySpan{ulong})"/>,
    /// copied after every other page of its batch; reads outside them return 0 bytes.
    /// </summary>
    public IMemoryReader Rereads { get; }

    /// <summary>Forgets every cached page in O(1); ends the current phase without fetching anything.</summary>
    public void Invalidate()
    {
        EndPhase();
        _generation++;
        _rereadCount = 0;
        _overflowCount = 0;
        PagesReadOnDemand = 0;
    }

    /// <summary>
    /// Forgets every cached page, then fetches in one batch the pages phase <paramref name="phase"/> (the caller's
    /// name for a repeated step) touched the last time it ran.
    /// </summary>
    public void BeginPhase(ReadPhase phase) => BeginPhase(phase, [], []);

    /// <summary>
    /// Like <see cref="BeginPhase(ReadPhase)"/>, in the same one batch: first <paramref name="leading"/> (pages the caller
    /// expects to need, in the order they should be copied: the target runs on while a batch is copied), then the
    /// phase's remembered pages, and last a second copy of <paramref name="rereads"/> (see <see cref="Rereads"/>), so
    /// that a structure copied early in the batch can be checked to have held still until its end.
    /// </summary>
    public void BeginPhase(ReadPhase phase, ReadOnlySpan<ulong> leading, ReadOnlySpan<ulong> rereads)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(leading.Length, MaxLeadingPages, nameof(leading));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rereads.Length, MaxRereadPages, nameof(rereads));
        Invalidate();
        StartPhase(phase);
        int count = AddToBatch(leading, 0);
        count = AddToBatch(_phases[(int)phase].Pages, count);
        for (int i = 0; i < rereads.Length; i++)
        {
            count = AddRange(count, rereads[i], (Slots + i) * PageSize, -1 - i);
        }

        FetchBatch(count);
        rereads.CopyTo(_rereadPages);
    }

    /// <summary>
    /// Ends the current phase and starts <paramref name="phase"/> WITHOUT forgetting what is cached: its remembered
    /// pages not cached yet are fetched in one batch. For a step that must see some pages as of a moment (a
    /// thread's top frame right after its thread state) and can take the rest slightly later.
    /// </summary>
    public void ContinuePhase(ReadPhase phase)
    {
        StartPhase(phase);
        FetchBatch(AddToBatch(_phases[(int)phase].Pages, 0));
    }

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

    private void EndPhase()
    {
        if (_phase >= 0)
        {
            _phases[_phase].EndRun();
            _phase = -1;
        }
    }

    private void StartPhase(ReadPhase phase)
    {
        int index = (int)phase;
        ArgumentOutOfRangeException.ThrowIfNegative(index, nameof(phase));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, s_phaseCount, nameof(phase));
        EndPhase();
        _phase = index;
        _run++;
    }

    /// <summary>Adds the pages not cached yet to the batch from position <paramref name="count"/>; returns its new length.</summary>
    private int AddToBatch(ReadOnlySpan<ulong> pages, int count)
    {
        foreach (ulong page in pages)
        {
            int slot = (int)(page % Slots);
            if (_generationOfSlot[slot] != _generation)
            {
                _generationOfSlot[slot] = _generation; // claims the slot for this batch; confirmed below
                _pageOfSlot[slot] = page;
                count = AddRange(count, page, slot * PageSize, slot);
            }
            else if (_pageOfSlot[slot] != page && IndexOfOverflow(page) < 0 && _overflowCount < OverflowSlots)
            {
                // Two pages of one batch share a slot: the second goes beside, so the batch still holds them both.
                int index = _overflowCount++;
                _overflowPages[index] = page;
                count = AddRange(count, page, OverflowOffset(index), Slots + index);
            }
        }

        return count;
    }

    private int AddRange(int count, ulong page, int offset, int slot)
    {
        _batchAddresses[count] = page << PageShift;
        _batchLengths[count] = PageSize;
        _batchOffsets[count] = offset;
        _batchSlots[count] = slot;
        return count + 1;
    }

    private static int OverflowOffset(int index) => (Slots + MaxRereadPages + index) * PageSize;

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
            int slot = _batchSlots[i];
            if (slot >= Slots)
            {
                _overflowPages[slot - Slots] = ulong.MaxValue;
            }
            else if (slot >= 0)
            {
                _generationOfSlot[slot] = 0;
            }
        }

        for (int i = 0; i < count; i++)
        {
            _rereadCount += _batchSlots[i] < 0 && i < whole ? 1 : 0; // re-reads come last: a short batch loses them from the first missing
        }
    }

    /// <summary>Copies from the re-read pages only; 0 bytes where a page of the range was not re-read.</summary>
    private int ReadAgain(ulong address, Span<byte> destination)
    {
        int copied = 0;
        while (copied < destination.Length)
        {
            ulong at = address + (ulong)copied;
            int index = Array.IndexOf(_rereadPages, at >> PageShift, 0, _rereadCount);
            if (index < 0)
            {
                return copied;
            }

            int offsetInPage = (int)(at & (PageSize - 1));
            int length = Math.Min(destination.Length - copied, PageSize - offsetInPage);
            _pages.AsSpan(((Slots + index) * PageSize) + offsetInPage, length).CopyTo(destination[copied..]);
            copied += length;
        }

        return copied;
    }

    private bool TryGetPage(ulong pageNumber, out ReadOnlySpan<byte> page)
    {
        int slot = (int)(pageNumber % Slots);
        bool slotHeld = _generationOfSlot[slot] == _generation;
        if (!slotHeld || _pageOfSlot[slot] != pageNumber)
        {
            int index = IndexOfOverflow(pageNumber);
            if (index < 0)
            {
                PageReads++;
                PagesReadOnDemand++;
                if (slotHeld && _overflowCount < OverflowSlots)
                {
                    // Keep the slot's page (it may belong to this sample's batch); this one goes beside it.
                    index = _overflowCount;
                    if (_inner.Read(pageNumber << PageShift, _pages.AsSpan(OverflowOffset(index), PageSize)) != PageSize)
                    {
                        page = default;
                        return false;
                    }

                    _overflowPages[_overflowCount++] = pageNumber;
                }
                else
                {
                    return TryReadIntoSlot(pageNumber, slot, out page);
                }
            }

            if (_phase >= 0)
            {
                _phases[_phase].Touch(pageNumber);
            }

            page = _pages.AsSpan(OverflowOffset(index), PageSize);
            return true;
        }

        TouchSlot(pageNumber, slot);
        page = _pages.AsSpan(slot * PageSize, PageSize);
        return true;
    }

    private bool TryReadIntoSlot(ulong pageNumber, int slot, out ReadOnlySpan<byte> page)
    {
        Span<byte> storage = _pages.AsSpan(slot * PageSize, PageSize);
        if (_inner.Read(pageNumber << PageShift, storage) != PageSize)
        {
            _generationOfSlot[slot] = 0;
            page = default;
            return false;
        }

        _pageOfSlot[slot] = pageNumber;
        _generationOfSlot[slot] = _generation;
        TouchSlot(pageNumber, slot);
        page = storage;
        return true;
    }

    private void TouchSlot(ulong pageNumber, int slot)
    {
        if (_phase >= 0 && (_touchedInRun[slot] != _run || _touchedPage[slot] != pageNumber))
        {
            _touchedInRun[slot] = _run;
            _touchedPage[slot] = pageNumber;
            _phases[_phase].Touch(pageNumber);
        }
    }

    private sealed class RereadView(PageCacheMemoryReader cache) : IMemoryReader
    {
        public int Read(ulong address, Span<byte> destination) => cache.ReadAgain(address, destination);
    }
}
