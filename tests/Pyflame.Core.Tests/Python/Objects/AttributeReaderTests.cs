using Pyflame.Core.Python.Layouts;
using Pyflame.Core.Python.Objects;
using Pyflame.Core.Tests.Fakes;

namespace Pyflame.Core.Tests.Python.Objects;

/// <summary>The values-only instance layouts of 3.11-3.13 (dict pointers are covered by the thread-name tests).</summary>
public sealed class AttributeReaderTests
{
    [Fact]
    public void Python_311_reads_the_values_pointer_when_no_dict_exists()
    {
        var (objects, instance, values) = ValuesOnlyInstance(GeneratedLayouts.Python311);
        objects.Memory.WriteU64(instance - (ulong)objects.Layout.ObjectManagedValuesBefore, values);

        Assert.Equal([new(0x1111, 0xB1)], Read(objects, instance));
    }

    [Fact]
    public void Python_312_reads_values_from_the_tagged_word()
    {
        var (objects, instance, values) = ValuesOnlyInstance(GeneratedLayouts.Python312);
        objects.Memory.WriteU64(instance - (ulong)objects.Layout.ObjectManagedDictBefore, values - 1); // _PyDictOrValues_SetValues

        Assert.Equal([new(0x1111, 0xB1)], Read(objects, instance));
    }

    [Fact]
    public void Python_313_reads_inline_values_only_while_valid()
    {
        PyLayout layout = GeneratedLayouts.Python313;
        var objects = new PyObjectBuilder(layout);
        ulong keys = objects.Keys(kind: 2, [0x1111], values: null);
        ulong type = objects.Type(layout.TypeFlagManagedDict | layout.TypeFlagInlineValues, dictOffset: -1, cachedKeys: keys);
        ulong instance = objects.Object(type, 64);
        ulong inline = instance + (ulong)layout.ObjectInlineValues;
        objects.Memory.WriteByte(inline + (ulong)layout.DictValuesCapacity, 2);
        objects.Memory.WriteByte(inline + (ulong)layout.DictValuesValid, 1);
        objects.Memory.WriteU64(inline + (ulong)layout.DictValuesValues + 8, 0xB1);

        Assert.Equal([new(0x1111, 0xB1)], Read(objects, instance));

        objects.Memory.WriteByte(inline + (ulong)layout.DictValuesValid, 0); // copied into a dict that has since gone
        Assert.Null(Read(objects, instance));
    }

    [Fact]
    public void Objects_without_an_instance_dict_give_false()
    {
        var objects = new PyObjectBuilder(GeneratedLayouts.Python39);
        ulong noDictType = objects.Type(0, dictOffset: 0);
        ulong varSizeType = objects.Type(0, dictOffset: -8);
        ulong emptyDictSlot = objects.Object(objects.Type(0, dictOffset: 16));

        Assert.Null(Read(objects, objects.Object(noDictType)));
        Assert.Null(Read(objects, objects.Object(varSizeType)));
        Assert.Null(Read(objects, emptyDictSlot));
        Assert.Null(Read(objects, 0xdead_0000));
    }

    private static (PyObjectBuilder Objects, ulong Instance, ulong Values) ValuesOnlyInstance(PyLayout layout)
    {
        var objects = new PyObjectBuilder(layout);
        ulong keys = objects.Keys(kind: 2, [0x1111, 0x2222], values: null);
        ulong type = objects.Type(layout.TypeFlagManagedDict, dictOffset: -1, cachedKeys: keys);
        return (objects, objects.Object(type), objects.Values(0xB1, 0));
    }

    private static List<DictEntry>? Read(PyObjectBuilder objects, ulong instance)
    {
        var dicts = new DictReader(objects.Memory, objects.Layout);
        var reader = new AttributeReader(objects.Memory, objects.Layout, new PyTypeReader(objects.Memory, objects.Layout), dicts);
        var entries = new List<DictEntry>();
        return reader.TryReadAttributes(instance, entries) ? entries : null;
    }
}
