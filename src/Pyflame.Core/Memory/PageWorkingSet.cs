namespace Pyflame.Core.Memory;

/// <summary>
/// The pages one step of a sample (finding the GIL holder, walking its stack, ...) touched in its last few runs, and
/// on each the bytes it touched. A sampler repeats the same steps on mostly the same memory, so these are what the
/// next run will need: <see cref="PageCacheMemoryReader.BeginPhase"/> fetches them together, each page's bytes only.
/// A page stays for <see cref="RunsKept"/> runs after its last use, so a stack that alternates between a few leaf
/// functions (each frame and code object on its own page) finds all of them in the batch, not read late, one by one.
/// A page's bytes are the union of what its last <see cref="RunsKept"/> to 2 × <see cref="RunsKept"/> runs touched
/// (two spans of runs are kept, the current one and the one before), so they follow a stack that grows and shrinks
/// without growing, run after run, to all that was ever touched.
/// </summary>
internal sealed class PageWorkingSet(int capacity)
{
    /// <summary>Runs a page is kept without being touched.</summary>
    public const int RunsKept = 8;

    private readonly ulong[] _pages = new ulong[capacity];
    private readonly int[] _lastRun = new int[capacity];
    private readonly ByteRange[] _recent = new ByteRange[capacity];
    private readonly ByteRange[] _older = new ByteRange[capacity];
    private int _count;
    private int _run;

    /// <summary>Pages in first-use order (the walk's order, so the pages a thread's top needs come early).</summary>
    public ReadOnlySpan<ulong> Pages => _pages.AsSpan(0, _count);

    /// <summary>The bytes of <see cref="Pages"/>[<paramref name="index"/>] its recent runs touched.</summary>
    public ByteRange RangeAt(int index) => _recent[index].Union(_older[index]);

    /// <summary>Where <paramref name="page"/> is in <see cref="Pages"/>, or -1.</summary>
    public int IndexOf(ulong page) => Array.IndexOf(_pages, page, 0, _count);

    /// <summary>Records a use of <paramref name="bytes"/> of <paramref name="page"/> in this run; when full, new pages are read on demand.</summary>
    public void Touch(ulong page, ByteRange bytes)
    {
        int index = IndexOf(page);
        if (index >= 0)
        {
            _lastRun[index] = _run;
            _recent[index] = _recent[index].Union(bytes);
        }
        else if (_count < _pages.Length)
        {
            _pages[_count] = page;
            _lastRun[_count] = _run;
            _recent[_count] = bytes;
            _older[_count] = default;
            _count++;
        }
    }

    /// <summary>
    /// Ends a run: pages untouched for <see cref="RunsKept"/> runs drop out (order kept); every <see cref="RunsKept"/>
    /// runs the current span of runs' bytes become the older span's, and the oldest are forgotten.
    /// </summary>
    public void EndRun()
    {
        bool newSpan = (_run + 1) % RunsKept == 0;
        int kept = 0;
        for (int i = 0; i < _count; i++)
        {
            if (_run - _lastRun[i] < RunsKept)
            {
                _pages[kept] = _pages[i];
                _lastRun[kept] = _lastRun[i];
                _older[kept] = newSpan ? _recent[i] : _older[i];
                _recent[kept] = newSpan ? default : _recent[i];
                kept++;
            }
        }

        _count = kept;
        _run++;
    }
}
