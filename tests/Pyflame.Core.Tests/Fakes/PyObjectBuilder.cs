using Pyflame.Core.Python.Layouts;

namespace Pyflame.Core.Tests.Fakes;

/// <summary>
/// Builds typed objects, dicts and ints on top of <see cref="PyHeapBuilder"/>, laid out with a real
/// generated <see cref="PyLayout"/>, for the dict / int / thread-name readers.
/// </summary>
public sealed class PyObjectBuilder
{
    private const int SlotsPerTable = 8; // a minimal CPython table: 8 slots, 5 usable entries

    public PyObjectBuilder(PyLayout layout)
    {
        Heap = new PyHeapBuilder(layout);
        StrType = Type(layout.TypeFlagStrSubclass);
        DictType = Type(layout.TypeFlagDictSubclass);
        LongType = Type(layout.TypeFlagLongSubclass);
        IntType = layout.TypeFlagIntSubclass > 0 ? Type(layout.TypeFlagIntSubclass) : 0;
    }

    public PyHeapBuilder Heap { get; }

    public SyntheticMemory Memory => Heap.Memory;

    public PyLayout Layout => Heap.Layout;

    public ulong StrType { get; }

    public ulong DictType { get; }

    public ulong LongType { get; }

    /// <summary>2.7's PyInt_Type, 0 on 3.x.</summary>
    public ulong IntType { get; }

    /// <summary>A type object with the given flags, tp_dictoffset and (heap types) ht_cached_keys.</summary>
    public ulong Type(long flags, long dictOffset = 0, ulong cachedKeys = 0)
    {
        ulong type = Heap.Allocate(Math.Max(Layout.HeapTypeCachedKeys, Layout.TypeDictOffset) + 16);
        ulong heapFlag = cachedKeys != 0 ? (ulong)Layout.TypeFlagHeapType : 0;
        Memory.WriteU64(type + (ulong)Layout.TypeFlags, (ulong)flags | heapFlag);
        Memory.WriteU64(type + (ulong)Layout.TypeDictOffset, (ulong)dictOffset);
        if (cachedKeys != 0)
        {
            Memory.WriteU64(type + (ulong)Layout.HeapTypeCachedKeys, cachedKeys);
        }

        return type;
    }

    /// <summary>An object of <paramref name="type"/> with <paramref name="size"/> bytes, plus 64 bytes before it (a pre-header).</summary>
    public ulong Object(ulong type, int size = 64)
    {
        ulong block = Heap.Allocate(64 + size);
        ulong address = block + 64;
        Memory.WriteU64(address + (ulong)Layout.ObjectType, type);
        return address;
    }

    public ulong Str(string text)
    {
        ulong str = Heap.Str(text);
        Memory.WriteU64(str + (ulong)Layout.ObjectType, StrType);
        return str;
    }

    /// <summary>A dict object holding <paramref name="items"/> (at most 5), as a combined table.</summary>
    public ulong Dict(params (ulong Key, ulong Value)[] items)
    {
        ulong dict = Object(DictType, Math.Max(Layout.DictTable, Layout.DictValues) + 8);
        if (Layout.DictTable >= 0)
        {
            // 2.7: ma_mask + 1 slots; slot 0 is a deleted ("dummy") slot with a key and no value.
            ulong table = Heap.Allocate(SlotsPerTable * Layout.DictEntrySize);
            Memory.WriteU64(dict + (ulong)Layout.DictMask, SlotsPerTable - 1);
            Memory.WriteU64(dict + (ulong)Layout.DictTable, table);
            Memory.WriteU64(table + (ulong)Layout.DictEntryKey, Str("<dummy key>"));
            for (int i = 0; i < items.Length; i++)
            {
                ulong slot = table + (ulong)((i + 2) * Layout.DictEntrySize);
                Memory.WriteU64(slot + (ulong)Layout.DictEntryKey, items[i].Key);
                Memory.WriteU64(slot + (ulong)Layout.DictEntryValue, items[i].Value);
            }

            return dict;
        }

        Memory.WriteU64(dict + (ulong)Layout.DictKeys, Keys(kind: 0, items.Select(item => item.Key).ToArray(), items.Select(item => item.Value).ToArray()));
        return dict;
    }

    /// <summary>
    /// A PyDictKeysObject of <paramref name="kind"/> (3.11+: 0 general, 1 unicode, 2 split) whose entries
    /// hold <paramref name="keys"/>; <paramref name="values"/> go into the entries (null for split keys).
    /// Entry 0 is a deleted entry (no key), as after a <c>del</c>.
    /// </summary>
    public ulong Keys(int kind, ulong[] keys, ulong[]? values)
    {
        bool unicode = kind != 0 && Layout.DictUnicodeEntrySize > 0;
        int entrySize = unicode ? Layout.DictUnicodeEntrySize : Layout.DictEntrySize;
        int keyOffset = unicode ? Layout.DictUnicodeEntryKey : Layout.DictEntryKey;
        int valueOffset = unicode ? Layout.DictUnicodeEntryValue : Layout.DictEntryValue;
        ulong dk = Heap.Allocate(Layout.DictKeysIndices + SlotsPerTable + (6 * entrySize));
        if (Layout.DictKeysSize >= 0)
        {
            Memory.WriteU64(dk + (ulong)Layout.DictKeysSize, SlotsPerTable);
        }
        else
        {
            Memory.WriteByte(dk + (ulong)Layout.DictKeysLog2Size, 3);
            Memory.WriteByte(dk + (ulong)Layout.DictKeysLog2IndexBytes, 3); // 8 one-byte indices
            Memory.WriteByte(dk + (ulong)Layout.DictKeysKind, (byte)kind);
        }

        Memory.WriteU64(dk + (ulong)Layout.DictKeysNentries, (ulong)keys.Length + 1);
        ulong entries = dk + (ulong)Layout.DictKeysIndices + SlotsPerTable;
        for (int i = 0; i < keys.Length; i++)
        {
            ulong entry = entries + (ulong)((i + 1) * entrySize);
            Memory.WriteU64(entry + (ulong)keyOffset, keys[i]);
            if (values is not null)
            {
                Memory.WriteU64(entry + (ulong)valueOffset, values[i]);
            }
        }

        return dk;
    }

    /// <summary>PyDictValues for split keys built by <see cref="Keys"/> (index 0 is the deleted entry).</summary>
    public ulong Values(params ulong[] values)
    {
        ulong block = Heap.Allocate(Math.Max(Layout.DictValuesValues, 0) + ((values.Length + 1) * 8));
        if (Layout.DictValuesCapacity >= 0)
        {
            Memory.WriteByte(block + (ulong)Layout.DictValuesCapacity, (byte)(values.Length + 1));
            Memory.WriteByte(block + (ulong)Layout.DictValuesValid, 1);
        }

        for (int i = 0; i < values.Length; i++)
        {
            Memory.WriteU64(block + (ulong)Layout.DictValuesValues + (ulong)((i + 1) * 8), values[i]);
        }

        return block;
    }

    /// <summary>A split dict object: shared keys plus its own values.</summary>
    public ulong SplitDict(ulong sharedKeys, ulong values)
    {
        ulong dict = Object(DictType, Layout.DictValues + 8);
        Memory.WriteU64(dict + (ulong)Layout.DictKeys, sharedKeys);
        Memory.WriteU64(dict + (ulong)Layout.DictValues, values);
        return dict;
    }

    /// <summary>A non-negative Python int: 2.7 PyIntObject when it fits a C long and <paramref name="asLong"/> is false, else a PyLongObject.</summary>
    public ulong Int(ulong value, bool asLong = false)
    {
        if (IntType != 0 && !asLong && value <= long.MaxValue)
        {
            ulong i = Object(IntType, Layout.IntValue + 8);
            Memory.WriteU64(i + (ulong)Layout.IntValue, value);
            return i;
        }

        List<uint> digits = [];
        for (ulong rest = value; rest != 0; rest >>= Layout.LongDigitBits)
        {
            digits.Add((uint)(rest & ((1UL << Layout.LongDigitBits) - 1)));
        }

        ulong number = Object(LongType, Layout.LongDigits + 16);
        WriteLongHeader(number, digits.Count, negative: false);
        for (int i = 0; i < digits.Count; i++)
        {
            Memory.WriteU32(number + (ulong)Layout.LongDigits + (ulong)(4 * i), digits[i]);
        }

        return number;
    }

    /// <summary>Writes ob_size (≤3.11) or lv_tag (3.12+) for <paramref name="digitCount"/> digits.</summary>
    public void WriteLongHeader(ulong number, int digitCount, bool negative)
    {
        ulong field = Layout.LongNonSizeBits >= 0
            ? ((ulong)digitCount << Layout.LongNonSizeBits) | (digitCount == 0 ? 1UL : negative ? 2UL : 0UL)
            : (ulong)(negative ? -digitCount : digitCount);
        Memory.WriteU64(number + (ulong)Layout.LongSize, field);
    }
}
