using System.Text;
using Pyflame.Core.Python;
using Pyflame.Core.Python.Layouts;
using Pyflame.Core.Python.Strings;
using Pyflame.Core.Tests.Fakes;

namespace Pyflame.Core.Tests.Python.Strings;

/// <summary>Hand-built corrupt objects: every case must return false without throwing.</summary>
public sealed class PyStringReaderCorruptTests
{
    private const ulong Object = 0x7000_0000;
    private const ulong Data = 0x7100_0000;
    private const uint CompactLatin1 = (1 << 2) | (1 << 5);

    [Theory]
    [InlineData(-1L, CompactLatin1)]              // negative length
    [InlineData(5_000L, CompactLatin1)]           // over maxBytes (4096)
    [InlineData(long.MaxValue, 4u << 2 | 1 << 5)] // length × kind overflows
    [InlineData(4L, 3u << 2 | 1 << 5)]            // kind 3
    [InlineData(4L, 0u)]                          // kind 0 ("not ready")
    [InlineData(4L, 2u << 2 | 1 << 5 | 1 << 6)]   // ascii flag with kind 2
    public void CorruptUnicodeHeaderIsRejected(long length, uint state)
    {
        PyLayout layout = TestLayouts.Py312;
        var memory = new SyntheticMemory();
        memory.Map(Object, 256);
        memory.WriteU64(Object + (ulong)layout.UnicodeLength, unchecked((ulong)length));
        memory.WriteU32(Object + (ulong)layout.UnicodeState, state);
        Assert.False(new PyStringReader(memory, layout).TryReadString(Object, out string value));
        Assert.Equal("", value);
    }

    [Fact]
    public void CompactDataRunningIntoUnmappedMemoryIsRejected()
    {
        PyLayout layout = TestLayouts.Py311;
        var memory = new SyntheticMemory();
        memory.Map(Object, layout.UnicodeCompactData + 10); // header + 10 of the 300 data bytes
        memory.WriteU64(Object + (ulong)layout.UnicodeLength, 300);
        memory.WriteU32(Object + (ulong)layout.UnicodeState, CompactLatin1);
        Assert.False(new PyStringReader(memory, layout).TryReadString(Object, out _));
    }

    [Theory]
    [InlineData(0UL)]  // NULL data pointer
    [InlineData(Data)] // pointer to unmapped memory
    public void LegacyStringWithBadDataPointerIsRejected(ulong dataPointer)
    {
        PyLayout layout = TestLayouts.Py36;
        var memory = new SyntheticMemory();
        memory.Map(Object, 128);
        memory.WriteU64(Object + (ulong)layout.UnicodeLength, 3);
        memory.WriteU32(Object + (ulong)layout.UnicodeState, 1 << 2); // kind 1, not compact
        memory.WriteU64(Object + (ulong)layout.UnicodeLegacyData, dataPointer);
        Assert.False(new PyStringReader(memory, layout).TryReadString(Object, out _));
    }

    [Fact]
    public void UnmappedOrNullObjectIsRejectedForEveryReadKind()
    {
        foreach (PyLayout layout in new[] { TestLayouts.Py27, TestLayouts.Py36, TestLayouts.Py312 })
        {
            var reader = new PyStringReader(new SyntheticMemory(), layout);
            Assert.False(reader.TryReadString(0, out _));
            Assert.False(reader.TryReadString(Object, out _));
            Assert.False(reader.TryReadBytes(0, out _));
            Assert.False(reader.TryReadBytes(Object, out byte[] bytes));
            Assert.Empty(bytes);
        }
    }

    [Fact]
    public void LayoutWithoutStringFieldsIsRejected()
    {
        var memory = new SyntheticMemory();
        memory.Map(Object, 256);
        var reader = new PyStringReader(memory, new PyLayout { Version = new PythonVersion(3, 12) });
        Assert.False(reader.TryReadString(Object, out _));
        Assert.False(reader.TryReadBytes(Object, out _));
    }

    [Theory]
    [InlineData(-5L, 0)]
    [InlineData(PyStringReader.MaxBytesObjectSize + 1L, 0)]
    [InlineData(1_000L, 100)] // only 100 of 1000 payload bytes mapped
    public void CorruptBytesObjectIsRejected(long size, int mappedPayload)
    {
        PyLayout layout = TestLayouts.Py313;
        var memory = new SyntheticMemory();
        memory.Map(Object, layout.BytesData + mappedPayload);
        memory.WriteU64(Object + (ulong)layout.BytesSize, unchecked((ulong)size));
        Assert.False(new PyStringReader(memory, layout).TryReadBytes(Object, out _));
    }

    [Fact]
    public void Python27StringLongerThanTheLimitIsRejectedButReadableAsBytes()
    {
        PyLayout layout = TestLayouts.Py27;
        byte[] payload = Encoding.ASCII.GetBytes(new string('x', 5_000));
        var memory = new SyntheticMemory();
        memory.Map(Object, layout.BytesData + payload.Length + 1);
        memory.WriteU64(Object + (ulong)layout.BytesSize, (ulong)payload.Length);
        memory.WriteBytes(Object + (ulong)layout.BytesData, payload);
        var reader = new PyStringReader(memory, layout);
        Assert.False(reader.TryReadString(Object, out _));
        Assert.True(reader.TryReadBytes(Object, out byte[] bytes));
        Assert.Equal(payload, bytes);
        Assert.True(new PyStringReader(memory, layout, maxBytes: 8192).TryReadString(Object, out string value));
        Assert.Equal(5_000, value.Length);
    }
}
