using Pyflame.Core.Memory;
using Pyflame.Core.Python.Walking;

namespace Pyflame.Core.Sampling;

/// <summary>
/// Non-blocking mode: which pages the next sample's one batch (<see cref="PageCacheMemoryReader.BeginPhase(ReadPhase, ReadOnlySpan{ulong}, ReadOnlySpan{ulong})"/>)
/// should copy first, and which again at its end, from where the last sample found each stack. A running thread's
/// stack is read as one near-atomic snapshot when the whole walk comes from one batch: its thread state first (and on
/// 3.11/3.12 the _PyCFrame naming the top frame), then the top frame, then the used part of its data-stack chunk
/// (3.11+: the frames live there, CPython's Include/internal/pycore_frame.h and pycore_pystate.h) from the top page
/// down, so each caller is copied after the frames above it; the rest of the walk's pages (code objects, a 3.12+
/// entry frame on the C stack, generator frames, older chunks) follow as the phase remembers them; last, the pages
/// of each stack's anchor again, so <see cref="StackAnchor"/>'s check needs no read of its own. Nothing read from the
/// target sizes anything here without a cap: a chunk's part is at most <see cref="MaxChunkBytes"/>, and the page
/// lists are bounded by what the cache accepts.
/// </summary>
internal sealed class SnapshotPlan(int threadStateBytes, int frameBytes)
{
    /// <summary>The part of a data-stack chunk copied ahead: at most 256 KiB (64 pages), whatever the target says.</summary>
    public const ulong MaxChunkBytes = 256 << 10;

    private const int PageShift = 12;

    private readonly List<Place> _places = [];
    private readonly List<Place> _previous = [];
    private readonly ulong[] _leading = new ulong[PageCacheMemoryReader.MaxLeadingPages];
    private readonly ulong[] _rereads = new ulong[PageCacheMemoryReader.MaxRereadPages];
    private int _leadingCount;
    private int _rereadCount;

    public ReadOnlySpan<ulong> Leading => _leading.AsSpan(0, _leadingCount);

    public ReadOnlySpan<ulong> Rereads => _rereads.AsSpan(0, _rereadCount);

    /// <summary>Starts recording the stacks of a new sample (the last one's are kept for the chunk extents).</summary>
    public void BeginRecording()
    {
        _previous.Clear();
        _previous.AddRange(_places);
        _places.Clear();
    }

    /// <summary>Records where one thread's stack was found, and its anchor (default when the walk failed).</summary>
    public void Record(ThreadRecord thread, StackAnchor anchor)
    {
        ulong chunkEnd = 0;
        if (thread.DataStackChunk != 0)
        {
            chunkEnd = InChunk(thread.DataStackChunk, thread.TopFrame)
                ? thread.TopFrame + (ulong)frameBytes
                : PreviousEnd(thread.ThreadState, thread.DataStackChunk);
        }

        _places.Add(new Place(thread.ThreadState, thread.CFrame, thread.TopFrame, thread.DataStackChunk, chunkEnd, anchor.Frame));
    }

    /// <summary>The page lists for the next batch, from the stacks recorded last.</summary>
    public void Build()
    {
        _leadingCount = 0;
        _rereadCount = 0;
        foreach (Place place in _places)
        {
            Add(place);
        }
    }

    private void Add(Place place)
    {
        {
            AddRange(_leading, ref _leadingCount, place.ThreadState, threadStateBytes);
            if (place.CFrame != 0)
            {
                AddRange(_leading, ref _leadingCount, place.CFrame, sizeof(ulong) * 2);
            }

            if (place.TopFrame != 0)
            {
                AddRange(_leading, ref _leadingCount, place.TopFrame, frameBytes);
            }

            if (place.Chunk != 0 && place.ChunkEnd > place.Chunk)
            {
                ulong first = place.Chunk >> PageShift;
                for (ulong page = (place.ChunkEnd - 1) >> PageShift; page >= first && _leadingCount < _leading.Length; page--)
                {
                    Add(_leading, ref _leadingCount, page); // from the top down: each caller copied after its callees
                    if (page == 0)
                    {
                        break;
                    }
                }
            }

            if (place.Anchor != 0)
            {
                AddRange(_rereads, ref _rereadCount, place.Anchor, frameBytes);
            }
        }
    }

    private static bool InChunk(ulong chunk, ulong frame) => frame > chunk && frame - chunk < MaxChunkBytes;

    private ulong PreviousEnd(ulong threadState, ulong chunk)
    {
        foreach (Place place in _previous)
        {
            if (place.ThreadState == threadState && place.Chunk == chunk)
            {
                return place.ChunkEnd;
            }
        }

        return chunk + (ulong)frameBytes;
    }

    private static void AddRange(ulong[] pages, ref int count, ulong address, int length)
    {
        for (ulong page = address >> PageShift; page <= (address + (ulong)length - 1) >> PageShift; page++)
        {
            Add(pages, ref count, page);
        }
    }

    private static void Add(ulong[] pages, ref int count, ulong page)
    {
        if (count < pages.Length && Array.IndexOf(pages, page, 0, count) < 0)
        {
            pages[count++] = page;
        }
    }

    private readonly record struct Place(ulong ThreadState, ulong CFrame, ulong TopFrame, ulong Chunk, ulong ChunkEnd, ulong Anchor);
}
