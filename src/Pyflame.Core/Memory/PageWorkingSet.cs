namespace Pyflame.Core.Memory;

/// <summary>
/// The pages one step of a sample (finding the GIL holder, walking its stack, ...) touched in its last few runs.
/// A sampler repeats the same steps on mostly the same memory, so these are what the next run will need:
/// <see cref="PageCacheMemoryReader.BeginPhase"/> fetches them together. A page stays for
/// <see cref="RunsKept"/> runs after its last use, so a stack that alternates between a few leaf functions
/// (each frame and code object on its own page) finds all of them in the batch, not read late, one by one.
/// </summary>
internal sealed class PageWorkingSet(int capacity)
{
    /// <summary>Runs a page is kept without being touched.</summary>
    public const int RunsKept = 8;

    private readonly ulong[] _pages = new ulong[capacity];
    private readonly int[] _lastRun = new int[capacity];
    private int _count;
    private int _run;

    /// <summary>Pages in first-use order (the walk's order, so the pages a thread's top needs come early).</summary>
    public ReadOnlySpan<ulong> Pages => _pages.AsSpan(0, _count);

    /// <summary>Records a use of <paramref name="page"/> in this run; when full, new pages are read on demand.</summary>
    public void Touch(ulong page)
    {
        int index = Array.IndexOf(_pages, page, 0, _count);
        if (index >= 0)
        {
            _lastRun[index] = _run;
        }
        else if (_count < _pages.Length)
        {
            _pages[_count] = page;
            _lastRun[_count] = _run;
            _count++;
        }
    }

    /// <summary>Ends a run: pages untouched for <see cref="RunsKept"/> runs drop out (order kept).</summary>
    public void EndRun()
    {
        int kept = 0;
        for (int i = 0; i < _count; i++)
        {
            if (_run - _lastRun[i] < RunsKept)
            {
                _pages[kept] = _pages[i];
                _lastRun[kept] = _lastRun[i];
                kept++;
            }
        }

        _count = kept;
        _run++;
    }
}
