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

    private readonly IMemoryReader _inner;
    private readonly byte[] _pages = new byte[Slots * PageSize];
    private readonly ulong[] _pageOfSlot = new ulong[Slots];
    private readonly uint[] _generationOfSlot = new uint[Slots];
    private readonly uint[] _touchedInRun = new uint[Slots];
    private readonly ulong[] _touchedPage = new ulong[Slots];
    private readonly PageWorkingSet[] _phases = new PageWorkingSet[s_phaseCount];
    private readonly ulong[] _batchAddresses = new ulong[WorkingSetCapacity];
    private readonly int[] _batchOffsets = new int[WorkingSetCapacity];
    private readonly int[] _batchSlots = new int[WorkingSetCapacity];
    private uint _generation = 1;
    private uint _run = 1;
    private int _phase = -1;

    public PageCacheMemoryReader(IMemoryReader inner)
    {
        _inner = inner;
        for (int i = 0; i < s_phaseCount; i++)
        {
            _phases[i] = new PageWorkingSet(WorkingSetCapacity);
        }
    }

    /// <summary>Pages fetched from the target since construction (for benchmarks and tests).</summary>
    public long PageReads { get; private set; }


    /// <summary>Forgets every cached page in O(1); ends the current phase without fetching anything.</summary>
    public void Invalidate()
    {
        EndPhase();
        _generation++;
    }

    /// <summary>
    /// Forgets every cached page, then fetches in one batch the pages phase <paramref name="phase"/> (the caller's
    /// name for a repeated step) touched the last time it ran.
    /// </summary>
    public void BeginPhase(ReadPhase phase)
    {
        Invalidate();
        ContinuePhase(phase);
    }

    /// <summary>
    /// Ends the current phase and starts <paramref name="phase"/> WITHOUT forgetting what is cached: its remembered
    /// pages not cached yet are fetched in one batch. For a step that must see some pages as of a moment (a
    /// thread's top frame right after its thread state) and can take the rest slightly later.
    /// </summary>
    public void ContinuePhase(ReadPhase phase)
    {
        int index = (int)phase;
        ArgumentOutOfRangeException.ThrowIfNegative(index, nameof(phase));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, s_phaseCount, nameof(phase));
        EndPhase();
        _phase = index;
        _run++;
        Prefetch(_phases[index].Pages);
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

    private void Prefetch(ReadOnlySpan<ulong> pages)
    {
        int count = 0;
        foreach (ulong page in pages)
        {
            int slot = (int)(page % Slots);
            if (_generationOfSlot[slot] == _generation)
            {
                continue; // cached already, or two remembered pages share a slot (the second is read on demand)
            }

            _generationOfSlot[slot] = _generation; // claims the slot for this batch; confirmed below
            _pageOfSlot[slot] = ulong.MaxValue;
            _batchAddresses[count] = page << PageShift;
            _batchOffsets[count] = slot * PageSize;
            _batchSlots[count] = slot;
            count++;
        }

        if (count == 0)
        {
            return;
        }

        int whole = _inner.ReadRanges(_batchAddresses.AsSpan(0, count), PageSize, _pages, _batchOffsets.AsSpan(0, count));
        PageReads += whole;
        for (int i = 0; i < count; i++)
        {
            int slot = _batchSlots[i];
            if (i < whole)
            {
                _pageOfSlot[slot] = _batchAddresses[i] >> PageShift;
            }
            else
            {
                _generationOfSlot[slot] = 0; // unread (unmapped now, or after the one that was): on demand
            }
        }
    }

    private bool TryGetPage(ulong pageNumber, out ReadOnlySpan<byte> page)
    {
        int slot = (int)(pageNumber % Slots);
        Span<byte> storage = _pages.AsSpan(slot * PageSize, PageSize);
        if (_generationOfSlot[slot] != _generation || _pageOfSlot[slot] != pageNumber)
        {
            PageReads++;
            if (_inner.Read(pageNumber << PageShift, storage) != PageSize)
            {
                _generationOfSlot[slot] = 0;
                page = default;
                return false;
            }

            _pageOfSlot[slot] = pageNumber;
            _generationOfSlot[slot] = _generation;
        }

        if (_phase >= 0 && (_touchedInRun[slot] != _run || _touchedPage[slot] != pageNumber))
        {
            _touchedInRun[slot] = _run;
            _touchedPage[slot] = pageNumber;
            _phases[_phase].Touch(pageNumber);
        }

        page = storage;
        return true;
    }
}
