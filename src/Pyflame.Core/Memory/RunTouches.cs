using System.Runtime.CompilerServices;

namespace Pyflame.Core.Memory;

/// <summary>
/// The bytes one run of a phase touched, per slot of <see cref="PageCacheMemoryReader"/>: kept beside the slot on the
/// hot path (a compare and a min/max per read) and folded into the phase's <see cref="PageWorkingSet"/> when the run
/// ends, so that no read searches the working set.
/// </summary>
internal sealed class RunTouches(int slots)
{
    private readonly ulong[] _runOfSlot = new ulong[slots];
    private readonly ulong[] _pageOfSlot = new ulong[slots];
    private readonly ByteRange[] _bytesOfSlot = new ByteRange[slots];

    /// <summary>The slots touched in this run, in first-touch order (the working set keeps pages in first-use order).</summary>
    private readonly int[] _touched = new int[slots];
    private int _touchedCount;
    private ulong _run = 1;
    private PageWorkingSet? _set;

    /// <summary>Starts recording a run of the phase that remembers its pages in <paramref name="set"/>.</summary>
    public void BeginRun(PageWorkingSet set)
    {
        EndRun();
        _set = set;
        _run++;
    }

    /// <summary>Records that bytes [<paramref name="start"/>, <paramref name="end"/>) of <paramref name="page"/>, held in <paramref name="slot"/>, were read.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // once per read of the page cache: the common case is a compare and a min/max
    public void Touch(int slot, ulong page, int start, int end)
    {
        if (_runOfSlot[slot] == _run && _pageOfSlot[slot] == page)
        {
            ref ByteRange bytes = ref _bytesOfSlot[slot];
            bytes = new ByteRange(Math.Min(bytes.Start, start), Math.Max(bytes.End, end));
        }
        else
        {
            TouchAnother(slot, page, start, end);
        }
    }

    /// <summary>The first read of a slot in this run, or of another page than the slot held before in it.</summary>
    private void TouchAnother(int slot, ulong page, int start, int end)
    {
        if (_set is null)
        {
            return; // outside a phase nothing is remembered
        }

        if (_runOfSlot[slot] != _run)
        {
            _runOfSlot[slot] = _run;
            _touched[_touchedCount++] = slot;
        }
        else
        {
            // The slot was given to another page in this run (rare): the first one's bytes go in now.
            _set.Touch(_pageOfSlot[slot], _bytesOfSlot[slot]);
        }

        _pageOfSlot[slot] = page;
        _bytesOfSlot[slot] = new ByteRange(start, end);
    }

    /// <summary>Ends the run (if one is recording): its pages and bytes go into the working set, which ends its run too.</summary>
    public void EndRun()
    {
        if (_set is null)
        {
            return;
        }

        for (int i = 0; i < _touchedCount; i++)
        {
            int slot = _touched[i];
            _set.Touch(_pageOfSlot[slot], _bytesOfSlot[slot]);
        }

        _set.EndRun();
        _set = null;
        _touchedCount = 0;
    }
}
