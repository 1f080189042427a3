using Pyflame.Core.Python.Layouts;
using Pyflame.Core.Python.Strings;
using Pyflame.Core.Python.Walking;
using Pyflame.Core.Targets;
using Pyflame.Core.Tests.Fakes;

namespace Pyflame.Core.Tests.Python.Walking;

/// <summary>
/// A 3.13 target can rewrite its own <c>_Py_DebugOffsets</c>. Offsets of megabytes once sized stack buffers (the
/// sampler died of a stack overflow, exit 134): they must give a failed read or one clear error, never a crash.
/// </summary>
public sealed class HostileLayoutTests
{
    private const int Huge = 16 << 20;

    private static PyLayout Py313 => GeneratedLayouts.All.Single(l => l.Version is { Major: 3, Minor: 13 });

    [Fact]
    public void A_bytes_header_claiming_megabytes_fails_the_read()
    {
        PyHeapBuilder heap = new(Py313);
        ulong table = heap.Bytes([1, 2, 3]);
        PyStringReader reader = new(heap.Memory, Py313 with { BytesData = Huge });

        Assert.False(reader.TryReadBytes(table, out byte[] value));
        Assert.Empty(value);
    }

    [Theory]
    [InlineData("compact")]
    [InlineData("ascii")]
    [InlineData("legacy")]
    [InlineData("length")]
    public void A_str_header_claiming_megabytes_fails_the_read(string field)
    {
        PyHeapBuilder heap = new(Py313);
        ulong name = heap.Str("main");
        PyLayout hostile = field switch
        {
            "compact" => Py313 with { UnicodeCompactData = Huge },
            "ascii" => Py313 with { UnicodeAsciiData = Huge },
            "legacy" => Py313 with { UnicodeLegacyData = Huge },
            _ => Py313 with { UnicodeLength = Huge },
        };

        Assert.True(new PyStringReader(heap.Memory, Py313).TryReadString(name, out string healthy));
        Assert.Equal("main", healthy);
        Assert.False(new PyStringReader(heap.Memory, hostile).TryReadString(name, out _));
    }

    [Theory]
    [InlineData("thread state")]
    [InlineData("frame")]
    [InlineData("code object")]
    public void A_walker_structure_claiming_megabytes_is_refused_with_one_clear_error(string structure)
    {
        PyHeapBuilder heap = new(Py313);
        heap.Interpreter((heap.Frame(heap.Code("/a.py", "f", 1, 2), 0), 0x7f00, 42));
        PyLayout hostile = structure switch
        {
            "thread state" => Py313 with { ThreadNext = Huge },
            "frame" => Py313 with { IFramePrevious = Huge },
            _ => Py313 with { CodeLineTable = Huge },
        };
        PyHeapBuilder hostileHeap = new(hostile);

        TargetException error = Assert.Throws<TargetException>(() => new StackWalker(heap.Memory, hostileHeap.Runtime()));
        Assert.Contains(structure, error.Message, StringComparison.Ordinal);
        Assert.Contains("_Py_DebugOffsets", error.Message, StringComparison.Ordinal);
    }
}
