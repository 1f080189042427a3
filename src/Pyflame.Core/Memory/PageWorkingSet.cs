namespace Pyflame.Core.Memory;

/// <summary>
/// The pages one step of a sample (finding the GIL holder, walking its stack, ...) touched in its last few runs, and
/// on each the bytes it touched. A sampler repeats the same steps on mostly the same memory, so these are what the
/// next run will need: <see cref="PageCacheMemoryReader.BeginPhase"/> fetches them together, each page's bytes only.
/// A page stays for <see cref="RunsKept"/> runs after its last use, so a stack that alternates between a few leaf
/// functions (each frame and code object on its own page) finds all of them in the batch, not read late, one by one.
/// A page's bytes are the union of all its runs touched since it joined: they only grow (to the whole page at most,
/// which is what a batch copied before ranges), because a miss costs far more than bytes do. Two code objects on one
/// page, one of a function called only now and then, would otherwise drop the rare one's bytes between calls, and
/// each call would read the page again on demand and make a non-blocking sample check its stack once more (measured
/// on bench/workloads/workload.py tree, CPython 3.12: with the bytes of the last 8-16 runs only, 1.8 % of samples read
/// a page on demand, against 0.3 % with whole pages; with bytes that only grow, as few as with whole pages).
/// </summary>
internal sealed class PageWorkingSet(int capacity)
{
    /// <summary>Runs a page is kept without being touched.</summary>
    public const int RunsKept = 8;

    private readonly ulong[] _pages = new ulong[capacity];
    private readonly int[] _lastRun = new int[capacity];
    private readonly ByteRange[] _bytes = new ByteRange[capacity];
    private int _count;
    private int _run;

    /// <summary>Pages in first-use order (the walk's order, so the pages a thread's top needs come early).</summary>
    public ReadOnlySpan<ulong> Pages => _pages.AsSpan(0, _count);

    /// <summary>The bytes of <see cref="Pages"/>[<paramref name="index"/>] its runs touched.</summary>
    public ByteRange RangeAt(int index) => _bytes[index];

    /// <summary>Where <paramref name="page"/> is in <see cref="Pages"/>, or -1.</summary>
    public int IndexOf(ulong page) => Array.IndexOf(_pages, page, 0, _count);

    /// <summary>Records a use of <paramref name="bytes"/> of <paramref name="page"/> in this run; when full, new pages are read on demand.</summary>
    public void Touch(ulong page, ByteRange bytes)
    {
        int index = IndexOf(page);
        if (index >= 0)
        {
            _lastRun[index] = _run;
            _bytes[index] = _bytes[index].Union(bytes);
        }
        else if (_count < _pages.Length)
        {
            _pages[_count] = page;
            _lastRun[_count] = _run;
            _bytes[_count] = bytes;
            _count++;
        }
    }

    /// <summary>Ends a run: pages untouched for <see cref="RunsKept"/> runs drop out (order kept), and their bytes with them.</summary>
    public void EndRun()
    {
        int kept = 0;
        for (int i = 0; i < _count; i++)
        {
            if (_run - _lastRun[i] < RunsKept)
            {
                _pages[kept] = _pages[i];
                _lastRun[kept] = _lastRun[i];
                _bytes[kept] = _bytes[i];
                kept++;
            }
        }

        _count = kept;
        _run++;
    }
}
