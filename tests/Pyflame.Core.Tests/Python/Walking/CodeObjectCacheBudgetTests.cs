using Pyflame.Core.Memory;
using Pyflame.Core.Model;
using Pyflame.Core.Python.Layouts;
using Pyflame.Core.Python.Strings;
using Pyflame.Core.Python.Walking;
using Pyflame.Core.Tests.Fakes;

namespace Pyflame.Core.Tests.Python.Walking;

/// <summary>
/// A target's code objects choose how big their line tables are (up to 1 MiB each). A thousand of them claiming
/// that once kept a gigabyte in the cache; the cache now has a byte budget and resets when it would exceed it.
/// </summary>
public sealed class CodeObjectCacheBudgetTests
{
    private const int CodeObjects = 1000;

    [Fact]
    public void A_thousand_megabyte_line_tables_stay_within_the_budget_and_still_resolve()
    {
        PyLayout layout = GeneratedLayouts.All.Single(l => l.Version is { Major: 3, Minor: 12 });
        PyHeapBuilder heap = new(layout);
        // One 1 MiB bytes object shared by every code object: each is still loaded (and was kept) once per code object.
        byte[] bigTable = new byte[PyStringReader.MaxBytesObjectSize];
        ulong table = heap.Bytes(bigTable);
        List<ulong> codes = [];
        for (int i = 0; i < CodeObjects; i++)
        {
            ulong code = heap.Code("/attack.py", $"f{i}", 10, 10);
            heap.Memory.WriteU64(code + (ulong)layout.CodeLineTable, table);
            codes.Add(code);
        }

        WalkLimits limits = WalkLimits.Default;
        long before = GC.GetTotalMemory(forceFullCollection: true);
        CodeObjectCache cache = new(heap.Memory, heap.Runtime(), limits);
        long highest = 0;
        for (int sample = 0; sample < 2; sample++)
        {
            cache.BeginSample();
            foreach (ulong code in codes)
            {
                Assert.True(cache.TryResolve(code, 0, out FrameInfo frame));
                Assert.Equal("/attack.py", frame.File);
                highest = Math.Max(highest, cache.CachedBytes);
            }
        }

        long retained = GC.GetTotalMemory(forceFullCollection: true) - before;
        GC.KeepAlive(cache);
        Assert.True(highest <= limits.MaxCachedBytes, $"the cache held {highest} bytes, over its budget of {limits.MaxCachedBytes}");
        Assert.True(highest >= limits.MaxCachedBytes / 2, $"the budget must be what limits the cache here ({highest} bytes held)");
        // Before the budget this retained ~1 GiB (every table); now the budget plus the test's own 1 MiB table.
        Assert.True(retained < 3 * limits.MaxCachedBytes, $"{retained} bytes still reachable after {CodeObjects} tables of 1 MiB");
    }
}
