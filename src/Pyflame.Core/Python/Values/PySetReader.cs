using System.Buffers;
using Pyflame.Core.Memory;
using Pyflame.Core.Python.Layouts;

namespace Pyflame.Core.Python.Values;

/// <summary>
/// The keys of a set or frozenset, in table order (Python's iteration order): PySetObject's <c>mask + 1</c>
/// setentry slots at <c>table</c> (Include/setobject.h, 3.x Include/cpython/setobject.h). 3.x marks a deleted
/// slot with the dummy key and hash -1 (Objects/setobject.c), so slots with hash -1 are skipped; 2.7's dummy
/// has a real hash and is left to the caller. The table size is bounded before it is read.
/// </summary>
internal sealed class PySetReader(IMemoryReader memory, PyLayout layout, ValuePreviewLimits limits)
{
    public bool TryReadKeys(ulong set, out List<ulong> keys, out long used)
    {
        keys = [];
        used = 0;
        if (layout.SetTable < 0 || layout.SetMask < 0 || layout.SetUsed < 0 || layout.SetEntrySize <= 0
            || !memory.TryRead(set + (ulong)layout.SetUsed, out used)
            || !memory.TryRead(set + (ulong)layout.SetMask, out long mask)
            || !memory.TryReadPointer(set + (ulong)layout.SetTable, out ulong table)
            || mask < 0 || mask >= limits.MaxSetSlots || (mask & (mask + 1)) != 0 || used < 0 || used > mask + 1 || table == 0)
        {
            return false;
        }

        int slots = (int)mask + 1;
        int bytes = slots * layout.SetEntrySize;
        byte[] rented = ArrayPool<byte>.Shared.Rent(bytes);
        try
        {
            Span<byte> buffer = rented.AsSpan(0, bytes);
            if (!memory.TryReadExact(table, buffer))
            {
                return false;
            }

            ReadOnlySpan<byte> entries = buffer;
            bool hashMarksDummy = layout.Version.Major >= 3;
            for (int i = 0; i < slots && keys.Count < limits.MaxItems + 1; i++)
            {
                ReadOnlySpan<byte> slot = entries.Slice(i * layout.SetEntrySize, layout.SetEntrySize);
                ulong key = slot.Field<ulong>(layout.SetEntryKey);
                if (key != 0 && !(hashMarksDummy && slot.Field<long>(layout.SetEntryHash) == -1))
                {
                    keys.Add(key);
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
