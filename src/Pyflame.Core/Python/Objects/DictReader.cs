using System.Buffers;
using System.Runtime.InteropServices;
using Pyflame.Core.Memory;
using Pyflame.Core.Python.Layouts;

namespace Pyflame.Core.Python.Objects;

/// <summary>
/// Lists the (key, value) pointers of a dict in another process, for every supported layout:
/// 2.7's open-addressing table (Include/dictobject.h: ma_mask + 1 PyDictEntry slots at ma_table) and
/// the 3.6+ compact dict (PyDictKeysObject: a header, dk_indices, then dk_nentries entries; a split
/// table keeps its values in ma_values, indexed like the shared key entries). Entries are enumerated
/// rather than hashed: str hashes are salted per process, and the dicts read here are small or read rarely.
/// Every size is bounded; corrupt input gives false, never an exception.
/// </summary>
public sealed class DictReader
{
    public const int DefaultMaxEntries = 1 << 16;

    /// <summary>3.11+ dk_kind values (Include/internal/pycore_dict.h, DictKeysKind).</summary>
    private const int KindGeneral = 0;
    private const int KindSplit = 2;
    private const int PointerSize = 8;

    /// <summary>A dict entry is 2-3 pointers; a larger size (from a corrupt layout) must not size the buffer.</summary>
    private const int MaxEntrySize = 64;

    private readonly IMemoryReader _memory;
    private readonly PyLayout _layout;
    private readonly int _maxEntries;

    public DictReader(IMemoryReader memory, PyLayout layout, int maxEntries = DefaultMaxEntries)
    {
        ArgumentNullException.ThrowIfNull(memory);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxEntries);
        _memory = memory;
        _layout = layout;
        _maxEntries = maxEntries;
    }

    /// <summary>Replaces <paramref name="entries"/> with the live entries of the dict object at <paramref name="dict"/>.</summary>
    public bool TryReadEntries(ulong dict, List<DictEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        entries.Clear();
        if (dict == 0)
        {
            return false;
        }

        if (_layout.DictTable >= 0 && _layout.DictMask >= 0)
        {
            return TryReadOpenTable(dict, entries);
        }

        if (_layout.DictKeys < 0 || _layout.DictValues < 0
            || !_memory.TryReadPointer(dict + (ulong)_layout.DictKeys, out ulong keys)
            || !_memory.TryReadPointer(dict + (ulong)_layout.DictValues, out ulong values))
        {
            return false;
        }

        return TryReadCompact(keys, values, entries);
    }

    /// <summary>
    /// Replaces <paramref name="entries"/> with the entries of a split table given by its shared keys and
    /// its PyDictValues (3.11+ instances whose dict is not materialised: values only, keys cached on the type).
    /// </summary>
    public bool TryReadSplitEntries(ulong sharedKeys, ulong values, List<DictEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        entries.Clear();
        return sharedKeys != 0 && values != 0 && TryReadCompact(sharedKeys, values, entries);
    }

    private bool TryReadOpenTable(ulong dict, List<DictEntry> entries)
    {
        if (!_memory.TryRead(dict + (ulong)_layout.DictMask, out long mask)
            || !_memory.TryReadPointer(dict + (ulong)_layout.DictTable, out ulong table)
            || mask < 0 || mask >= _maxEntries || (mask & (mask + 1)) != 0)
        {
            return false;
        }

        return TryCollect(table, (int)mask + 1, _layout.DictEntrySize, _layout.DictEntryKey, _layout.DictEntryValue, [], entries);
    }

    private bool TryReadCompact(ulong keys, ulong values, List<DictEntry> entries)
    {
        if (!TryReadKeysHeader(keys, out long indexBytes, out int kind, out long entryCount))
        {
            return false;
        }

        bool unicodeEntries = kind != KindGeneral;
        int entrySize = unicodeEntries ? _layout.DictUnicodeEntrySize : _layout.DictEntrySize;
        int keyOffset = unicodeEntries ? _layout.DictUnicodeEntryKey : _layout.DictEntryKey;
        int valueOffset = unicodeEntries ? _layout.DictUnicodeEntryValue : _layout.DictEntryValue;
        ulong entriesAddress = keys + (ulong)_layout.DictKeysIndices + (ulong)indexBytes;
        if (values == 0)
        {
            // A table of kind "split" without values would put garbage in every value slot.
            return kind != KindSplit && TryCollect(entriesAddress, (int)entryCount, entrySize, keyOffset, valueOffset, [], entries);
        }

        if (!TryReadSplitValues(values, (int)entryCount, out ulong[] valuePointers))
        {
            return false;
        }

        return TryCollect(entriesAddress, valuePointers.Length, entrySize, keyOffset, valueOffset, valuePointers, entries);
    }

    /// <summary>Reads and checks dk_size / dk_log2_size, the index width and dk_nentries.</summary>
    private bool TryReadKeysHeader(ulong keys, out long indexBytes, out int kind, out long entryCount)
    {
        indexBytes = 0;
        kind = KindGeneral;
        entryCount = 0;
        int headerSize = _layout.DictKeysIndices;
        if (keys == 0 || headerSize <= 0 || _layout.DictKeysNentries < 0 || headerSize > 256 || !FieldsFit(headerSize))
        {
            return false;
        }

        Span<byte> header = stackalloc byte[headerSize];
        if (!_memory.TryReadExact(keys, header))
        {
            return false;
        }

        ReadOnlySpan<byte> block = header;
        long size;
        if (_layout.DictKeysSize >= 0)
        {
            // 3.6-3.10: the index width follows from dk_size (Objects/dict-common.h, DK_IXSIZE).
            size = block.Field<long>(_layout.DictKeysSize);
            if (size < 1 || size > int.MaxValue || (size & (size - 1)) != 0)
            {
                return false;
            }

            int width = size <= 0xff ? 1 : size <= 0xffff ? 2 : 4;
            indexBytes = size * width;
        }
        else
        {
            // 3.11+: both sizes are stored as log2 (Include/internal/pycore_dict.h); an index is 1-8 bytes.
            int log2Size = block[_layout.DictKeysLog2Size];
            int log2IndexBytes = block[_layout.DictKeysLog2IndexBytes];
            if (log2Size > 30 || log2IndexBytes < log2Size || log2IndexBytes > log2Size + 3)
            {
                return false;
            }

            size = 1L << log2Size;
            indexBytes = 1L << log2IndexBytes;
            kind = block[_layout.DictKeysKind];
            if (kind > KindSplit)
            {
                return false;
            }
        }

        entryCount = block.Field<long>(_layout.DictKeysNentries);
        return entryCount >= 0 && entryCount <= size && entryCount <= _maxEntries;
    }

    /// <summary>Every header field this version uses lies inside the header read (the offsets may come from the target).</summary>
    private bool FieldsFit(int headerSize) =>
        _layout.DictKeysNentries + sizeof(long) <= headerSize
        && (_layout.DictKeysSize >= 0
            ? _layout.DictKeysSize + sizeof(long) <= headerSize
            : _layout.DictKeysLog2Size is >= 0 and var a && a < headerSize
              && _layout.DictKeysLog2IndexBytes is >= 0 and var b && b < headerSize
              && _layout.DictKeysKind is >= 0 and var c && c < headerSize);

    /// <summary>The value pointers of a split table, at most <paramref name="count"/> (and at most the 3.13 capacity).</summary>
    private bool TryReadSplitValues(ulong values, int count, out ulong[] pointers)
    {
        pointers = [];
        if (_layout.DictValuesValues < 0)
        {
            return false;
        }

        if (_layout.DictValuesCapacity >= 0)
        {
            if (!_memory.TryRead(values + (ulong)_layout.DictValuesCapacity, out byte capacity))
            {
                return false;
            }

            count = Math.Min(count, capacity);
        }

        ulong[] result = new ulong[count];
        if (count > 0 && !_memory.TryReadExact(values + (ulong)_layout.DictValuesValues, MemoryMarshal.AsBytes(result.AsSpan())))
        {
            return false;
        }

        pointers = result;
        return true;
    }

    /// <summary>Reads <paramref name="count"/> entries in one read and keeps those with a key and a value.</summary>
    private bool TryCollect(ulong address, int count, int entrySize, int keyOffset, int valueOffset, ulong[] splitValues, List<DictEntry> entries)
    {
        if (count == 0)
        {
            return true;
        }

        bool split = splitValues.Length > 0;
        if (entrySize <= 0 || entrySize > MaxEntrySize || keyOffset < 0 || keyOffset + PointerSize > entrySize
            || (!split && (valueOffset < 0 || valueOffset + PointerSize > entrySize)))
        {
            return false;
        }

        int byteCount = count * entrySize;
        byte[] rented = ArrayPool<byte>.Shared.Rent(byteCount);
        try
        {
            Span<byte> buffer = rented.AsSpan(0, byteCount);
            if (!_memory.TryReadExact(address, buffer))
            {
                return false;
            }

            ReadOnlySpan<byte> table = buffer;
            for (int i = 0; i < count; i++)
            {
                ReadOnlySpan<byte> slot = table.Slice(i * entrySize, entrySize);
                ulong key = slot.Field<ulong>(keyOffset);
                ulong value = split ? splitValues[i] : slot.Field<ulong>(valueOffset);
                if (key != 0 && value != 0)
                {
                    entries.Add(new DictEntry(key, value));
                }
            }

            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
