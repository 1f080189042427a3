using Pyflame.Core.Memory;
using Pyflame.Core.Python.Layouts;

namespace Pyflame.Core.Python.Objects;

/// <summary>
/// Lists an object's instance attributes (its <c>__dict__</c> entries) wherever this version keeps them:
/// <list type="bullet">
/// <item>≤3.10 and types without a managed dict (modules on every version): the dict pointer at
/// <c>object + tp_dictoffset</c>.</item>
/// <item>3.11 (Py_TPFLAGS_MANAGED_DICT, Include/internal/pycore_object.h): a dict pointer 3 words before the
/// object, or, while no dict exists, a PyDictValues pointer 4 words before it, keyed by the type's
/// ht_cached_keys.</item>
/// <item>3.12: one tagged word 3 words before the object, a dict pointer or (low bit set) values − 1.</item>
/// <item>3.13: the dict pointer 3 words before the object; without one, the inline values right after the
/// object header (Py_TPFLAGS_INLINE_VALUES), used only while their <c>valid</c> byte is set.</item>
/// </list>
/// </summary>
public sealed class AttributeReader
{
    /// <summary>tp_dictoffset beyond this is not a real instance layout (objects are far smaller).</summary>
    private const long MaxDictOffset = 1 << 20;

    private readonly IMemoryReader _memory;
    private readonly PyLayout _layout;
    private readonly PyTypeReader _types;
    private readonly DictReader _dicts;

    public AttributeReader(IMemoryReader memory, PyLayout layout, PyTypeReader types, DictReader dicts)
    {
        ArgumentNullException.ThrowIfNull(memory);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(types);
        ArgumentNullException.ThrowIfNull(dicts);
        _memory = memory;
        _layout = layout;
        _types = types;
        _dicts = dicts;
    }

    /// <summary>3.12 stores "values" in the managed-dict word as <c>values - 1</c> (_PyDictOrValues_GetValues).</summary>
    private bool ManagedWordIsTagged => _layout.Version is { Major: 3, Minor: 12 };

    /// <summary>Replaces <paramref name="entries"/> with the attributes of the object at <paramref name="objectAddress"/>.</summary>
    public bool TryReadAttributes(ulong objectAddress, List<DictEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        entries.Clear();
        if (!_types.TryReadTypeOf(objectAddress, out PyTypeInfo type))
        {
            return false;
        }

        if (type.Has(_layout.TypeFlagManagedDict) && _layout.ObjectManagedDictBefore > 0)
        {
            return TryReadManaged(objectAddress, type, entries);
        }

        if (type.DictOffset <= 0 || type.DictOffset > MaxDictOffset)
        {
            // Negative offsets (counted from the end of variable-size objects) are not needed for the
            // objects read here (modules, Thread instances).
            return false;
        }

        return _memory.TryReadPointer(objectAddress + (ulong)type.DictOffset, out ulong dict)
            && _dicts.TryReadEntries(dict, entries);
    }

    private bool TryReadManaged(ulong objectAddress, PyTypeInfo type, List<DictEntry> entries)
    {
        if (objectAddress < (ulong)_layout.ObjectManagedDictBefore
            || !_memory.TryReadPointer(objectAddress - (ulong)_layout.ObjectManagedDictBefore, out ulong word))
        {
            return false;
        }

        if (ManagedWordIsTagged && (word & 1) != 0)
        {
            return _dicts.TryReadSplitEntries(type.CachedKeys, word + 1, entries);
        }

        if (word != 0)
        {
            return _dicts.TryReadEntries(word, entries);
        }

        if (_layout.ObjectManagedValuesBefore > 0)
        {
            return objectAddress >= (ulong)_layout.ObjectManagedValuesBefore
                && _memory.TryReadPointer(objectAddress - (ulong)_layout.ObjectManagedValuesBefore, out ulong values)
                && _dicts.TryReadSplitEntries(type.CachedKeys, values, entries);
        }

        if (type.Has(_layout.TypeFlagInlineValues) && _layout.ObjectInlineValues >= 0 && _layout.DictValuesValid >= 0)
        {
            ulong inline = objectAddress + (ulong)_layout.ObjectInlineValues;
            return _memory.TryRead(inline + (ulong)_layout.DictValuesValid, out byte valid) && valid != 0
                && _dicts.TryReadSplitEntries(type.CachedKeys, inline, entries);
        }

        return false;
    }
}
