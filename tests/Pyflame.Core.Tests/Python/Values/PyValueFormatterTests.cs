using Pyflame.Core.Python.Layouts;
using Pyflame.Core.Python.Values;
using Pyflame.Core.Tests.Fakes;

namespace Pyflame.Core.Tests.Python.Values;

/// <summary>
/// Hostile and corrupt objects: sizes and counts read from the target are bounded before use, so a preview
/// stays short and cheap and never throws. (Real objects of every version: LocalsTests, end to end.)
/// </summary>
public class PyValueFormatterTests
{
    private static readonly PyLayout Layout = GeneratedLayouts.Python312;

    private readonly PyHeapBuilder _heap = new(Layout);

    private SyntheticMemory Memory => _heap.Memory;

    /// <summary>A static (non-heap) type object named <paramref name="name"/>.</summary>
    private ulong Type(string name, long flags = 0)
    {
        ulong type = _heap.Allocate(Math.Max(Layout.TypeFlags, Layout.TypeName) + 16);
        ulong text = _heap.Allocate(name.Length + 1);
        Memory.WriteAscii(text, name);
        Memory.WriteU64(type + (ulong)Layout.TypeName, text);
        Memory.WriteU64(type + (ulong)Layout.TypeFlags, (ulong)flags);
        return type;
    }

    private ulong Object(ulong type, int size = 64)
    {
        ulong address = _heap.Allocate(size);
        Memory.WriteU64(address + (ulong)Layout.ObjectType, type);
        return address;
    }

    private string Format(ulong address) => new PyValueFormatter(Memory, Layout).Format(address);

    [Fact]
    public void A_list_claiming_an_enormous_size_shows_its_first_items_and_reads_no_more()
    {
        ulong list = Object(Type("list"));
        Memory.WriteU64(list + (ulong)Layout.VarObjectSize, 1UL << 60);
        ulong items = _heap.Allocate(10 * 8); // only the previewed items exist: a larger read would fail
        ulong none = Object(Type("NoneType"));
        for (int i = 0; i < 10; i++)
        {
            Memory.WriteU64(items + (ulong)(i * 8), none);
        }

        Memory.WriteU64(list + (ulong)Layout.ListItems, items);

        Assert.Equal("[" + string.Join(", ", Enumerable.Repeat("None", 10)) + ", ...]", Format(list));
    }

    [Fact]
    public void A_str_claiming_an_enormous_length_shows_its_first_characters_and_the_claimed_length()
    {
        ulong str = Object(Type("str"), Layout.UnicodeAsciiData + 200);
        Memory.WriteU64(str + (ulong)Layout.UnicodeLength, 1UL << 40);
        Memory.WriteU32(str + (ulong)Layout.UnicodeState, (1u << 2) | (1u << 5) | (1u << 6)); // kind 1, compact, ascii
        Memory.WriteBytes(str + (ulong)Layout.UnicodeAsciiData, Enumerable.Repeat((byte)'a', 200).ToArray());

        Assert.Equal($"'{new string('a', 200)}'... (1099511627776 chars)", Format(str));
    }

    [Fact]
    public void An_int_with_too_many_digits_is_described_not_read()
    {
        ulong number = Object(Type("int"));
        Memory.WriteU64(number + (ulong)Layout.LongSize, (1UL << 40) << Layout.LongNonSizeBits); // positive, 2^40 digits

        Assert.Equal("<int of 32985348833280 bits>", Format(number));
    }

    [Fact]
    public void A_set_with_an_implausible_table_and_an_object_of_unreadable_type_fall_back_to_type_and_address()
    {
        ulong set = Object(Type("set"));
        Memory.WriteU64(set + (ulong)Layout.SetMask, (1UL << 40) - 1);
        Memory.WriteU64(set + (ulong)Layout.SetTable, 0x1000);
        ulong orphan = Object(0xdead_0000);

        Assert.Equal($"<set at 0x{set:x}>", Format(set));
        Assert.Equal($"<unreadable at 0x{orphan:x}>", Format(orphan));
    }

    [Fact]
    public void A_list_that_contains_itself_stops_at_the_depth_limit()
    {
        ulong list = Object(Type("list"));
        ulong items = _heap.Allocate(8);
        Memory.WriteU64(items, list);
        Memory.WriteU64(list + (ulong)Layout.VarObjectSize, 1);
        Memory.WriteU64(list + (ulong)Layout.ListItems, items);

        Assert.Equal("[[[[...]]]]", Format(list));
    }

    [Fact]
    public void Corrupted_reads_never_throw_and_previews_stay_bounded()
    {
        ulong listType = Type("list");
        ulong tupleType = Type("tuple");
        ulong list = Object(listType);
        ulong tuple = Object(tupleType, Layout.TupleItems + 3 * 8);
        ulong items = _heap.Allocate(3 * 8);
        ulong[] members = [Object(Type("NoneType")), tuple, list];
        for (int i = 0; i < members.Length; i++)
        {
            Memory.WriteU64(items + (ulong)(i * 8), members[i]);
            Memory.WriteU64(tuple + (ulong)(Layout.TupleItems + (i * 8)), members[i]);
        }

        Memory.WriteU64(list + (ulong)Layout.VarObjectSize, 3);
        Memory.WriteU64(list + (ulong)Layout.ListItems, items);
        Memory.WriteU64(tuple + (ulong)Layout.VarObjectSize, 3);
        for (int seed = 0; seed < 300; seed++)
        {
            var formatter = new PyValueFormatter(new CorruptingMemory(Memory, seed, 0.3), Layout);
            string text = formatter.Format(list);
            Assert.True(text.Length < 20_000, $"seed {seed}: {text.Length} characters");
        }
    }
}
