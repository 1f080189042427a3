using Pyflame.Core.Memory;
using Pyflame.Core.Python.Layouts;

namespace Pyflame.Core.Python.Objects;

/// <summary>Reads an object's type (flags, dict offset, cached keys) with one read of the type object.</summary>
public sealed class PyTypeReader
{
    private readonly IMemoryReader _memory;
    private readonly PyLayout _layout;
    private readonly int _blockSize;

    public PyTypeReader(IMemoryReader memory, PyLayout layout)
    {
        ArgumentNullException.ThrowIfNull(memory);
        ArgumentNullException.ThrowIfNull(layout);
        _memory = memory;
        _layout = layout;
        _blockSize = Math.Max(Math.Max(layout.TypeFlags, layout.TypeDictOffset), layout.HeapTypeCachedKeys) + sizeof(ulong);
    }

    /// <summary>Reads the type of the object at <paramref name="objectAddress"/>.</summary>
    public bool TryReadTypeOf(ulong objectAddress, out PyTypeInfo type)
    {
        type = default;
        return objectAddress != 0
            && _memory.TryReadPointer(objectAddress + (ulong)_layout.ObjectType, out ulong typeAddress)
            && TryReadType(typeAddress, out type);
    }

    public bool TryReadType(ulong typeAddress, out PyTypeInfo type)
    {
        type = default;
        if (typeAddress == 0 || _layout.TypeFlags < 0 || _layout.TypeDictOffset < 0 || _blockSize > 4096)
        {
            return false;
        }

        // The read may run past a static (non-heap) type's end into unrelated but mapped data, so ht_cached_keys
        // is only trusted for heap types; a short read is fine as long as the plain PyTypeObject fields came in.
        Span<byte> buffer = stackalloc byte[_blockSize];
        int read = _memory.Read(typeAddress, buffer);
        int needed = Math.Max(_layout.TypeFlags, _layout.TypeDictOffset) + sizeof(ulong);
        if (read < needed)
        {
            return false;
        }

        ReadOnlySpan<byte> block = buffer;
        ulong flags = block.Field<ulong>(_layout.TypeFlags);
        bool heapType = _layout.TypeFlagHeapType > 0 && (flags & (ulong)_layout.TypeFlagHeapType) != 0;
        ulong cachedKeys = heapType && _layout.HeapTypeCachedKeys >= 0 && read >= _blockSize ? block.Field<ulong>(_layout.HeapTypeCachedKeys) : 0;
        type = new PyTypeInfo(typeAddress, flags, block.Field<long>(_layout.TypeDictOffset), cachedKeys);
        return true;
    }
}
