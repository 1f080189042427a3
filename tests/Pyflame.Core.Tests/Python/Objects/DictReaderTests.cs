using Pyflame.Core.Python.Layouts;
using Pyflame.Core.Python.Objects;
using Pyflame.Core.Tests.Fakes;

namespace Pyflame.Core.Tests.Python.Objects;

public sealed class DictReaderTests
{
    public static TheoryData<string> Layouts() => LayoutData.All();

    public static TheoryData<string> Python3Layouts() => LayoutData.Python3();

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Lists_the_live_entries_of_a_combined_dict(string version)
    {
        var objects = new PyObjectBuilder(LayoutData.Get(version));
        ulong dict = objects.Dict((0x1111, 0xA1), (0x2222, 0xA2), (0x3333, 0xA3));
        var entries = new List<DictEntry> { new(9, 9) };

        Assert.True(new DictReader(objects.Memory, objects.Layout).TryReadEntries(dict, entries));

        // The deleted slot (2.7 dummy key without value; 3.x entry without key) is skipped.
        Assert.Equal([new(0x1111, 0xA1), new(0x2222, 0xA2), new(0x3333, 0xA3)], entries);
    }

    [Theory]
    [MemberData(nameof(Python3Layouts))]
    public void Split_dicts_take_values_from_ma_values_by_entry_index(string version)
    {
        var objects = new PyObjectBuilder(LayoutData.Get(version));
        ulong keys = objects.Keys(kind: 2, [0x1111, 0x2222, 0x3333], values: null);
        ulong dict = objects.SplitDict(keys, objects.Values(0xB1, 0, 0xB3));
        var entries = new List<DictEntry>();

        Assert.True(new DictReader(objects.Memory, objects.Layout).TryReadEntries(dict, entries));

        Assert.Equal([new(0x1111, 0xB1), new(0x3333, 0xB3)], entries); // a NULL value: attribute not set
    }

    [Fact]
    public void Python_311_unicode_tables_use_the_short_entries()
    {
        var objects = new PyObjectBuilder(GeneratedLayouts.Python311);
        ulong dict = objects.Object(objects.DictType, 64);
        objects.Memory.WriteU64(dict + (ulong)objects.Layout.DictKeys, objects.Keys(kind: 1, [0x1111, 0x2222], [0xC1, 0xC2]));
        var entries = new List<DictEntry>();

        Assert.True(new DictReader(objects.Memory, objects.Layout).TryReadEntries(dict, entries));

        Assert.Equal([new(0x1111, 0xC1), new(0x2222, 0xC2)], entries);
    }

    [Fact]
    public void Python_313_values_beyond_their_capacity_are_not_read()
    {
        var objects = new PyObjectBuilder(GeneratedLayouts.Python313);
        ulong keys = objects.Keys(kind: 2, [0x1111, 0x2222, 0x3333], values: null);
        ulong values = objects.Values(0xB1, 0xB2, 0xB3);
        objects.Memory.WriteByte(values + (ulong)objects.Layout.DictValuesCapacity, 2); // the deleted slot + 1

        var entries = new List<DictEntry>();
        Assert.True(new DictReader(objects.Memory, objects.Layout).TryReadSplitEntries(keys, values, entries));

        Assert.Equal([new(0x1111, 0xB1)], entries);
    }

    [Fact]
    public void Python_27_table_larger_than_the_limit_is_rejected()
    {
        var objects = new PyObjectBuilder(GeneratedLayouts.Python27);
        ulong dict = objects.Dict((0x1111, 0xA1));
        var reader = new DictReader(objects.Memory, objects.Layout, maxEntries: 4);
        var entries = new List<DictEntry>();

        Assert.False(reader.TryReadEntries(dict, entries));
        objects.Memory.WriteU64(dict + (ulong)objects.Layout.DictMask, 6); // not 2^n - 1
        Assert.False(new DictReader(objects.Memory, objects.Layout).TryReadEntries(dict, entries));
        Assert.Empty(entries);
    }

    [Theory]
    [InlineData(3, 2)]   // index bytes smaller than one byte per slot
    [InlineData(3, 7)]   // more than 8 bytes per index
    [InlineData(31, 31)] // absurd table size
    public void Python_311_keys_with_impossible_sizes_are_rejected(byte log2Size, byte log2IndexBytes)
    {
        var objects = new PyObjectBuilder(GeneratedLayouts.Python311);
        ulong dict = objects.Dict((0x1111, 0xA1));
        ulong keys = Pointer(objects, dict + (ulong)objects.Layout.DictKeys);
        objects.Memory.WriteByte(keys + (ulong)objects.Layout.DictKeysLog2Size, log2Size);
        objects.Memory.WriteByte(keys + (ulong)objects.Layout.DictKeysLog2IndexBytes, log2IndexBytes);

        Assert.False(new DictReader(objects.Memory, objects.Layout).TryReadEntries(dict, []));
    }

    [Theory]
    [InlineData("3.6.15", 9UL, 0)]        // dk_size not a power of two
    [InlineData("3.10.13", 8UL, 9)]       // more entries than slots
    [InlineData("3.12.1", 0UL, 9)]        // more entries than slots (log2 sizes stay valid)
    [InlineData("3.13.0", 0UL, 3)]        // unknown dk_kind
    public void Keys_with_inconsistent_counts_are_rejected(string version, ulong dkSize, int corruption)
    {
        var objects = new PyObjectBuilder(LayoutData.Get(version));
        PyLayout layout = objects.Layout;
        ulong dict = objects.Dict((0x1111, 0xA1));
        ulong keys = Pointer(objects, dict + (ulong)layout.DictKeys);
        if (dkSize != 0)
        {
            objects.Memory.WriteU64(keys + (ulong)layout.DictKeysSize, dkSize);
        }
        else if (corruption == 3)
        {
            objects.Memory.WriteByte(keys + (ulong)layout.DictKeysKind, 3);
        }

        if (corruption == 9)
        {
            objects.Memory.WriteU64(keys + (ulong)layout.DictKeysNentries, 9);
        }

        Assert.False(new DictReader(objects.Memory, layout).TryReadEntries(dict, []));
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Unreadable_dicts_and_tables_give_false(string version)
    {
        var objects = new PyObjectBuilder(LayoutData.Get(version));
        var reader = new DictReader(objects.Memory, objects.Layout);

        Assert.False(reader.TryReadEntries(0, []));
        Assert.False(reader.TryReadEntries(0xdead_0000, []));
        ulong dict = objects.Dict((0x1111, 0xA1));
        int pointerField = objects.Layout.DictTable >= 0 ? objects.Layout.DictTable : objects.Layout.DictKeys;
        objects.Memory.WriteU64(dict + (ulong)pointerField, 0xdead_0000);
        Assert.False(reader.TryReadEntries(dict, []));
    }

    private static ulong Pointer(PyObjectBuilder objects, ulong address)
    {
        Span<byte> buffer = stackalloc byte[8];
        objects.Memory.Read(address, buffer);
        return BitConverter.ToUInt64(buffer);
    }
}
