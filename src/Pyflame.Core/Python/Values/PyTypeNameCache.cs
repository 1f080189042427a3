using Pyflame.Core.Memory;
using Pyflame.Core.Python.Layouts;

namespace Pyflame.Core.Python.Values;

/// <summary>
/// An object's type name (tp_name) and whether the type is a heap type (a class defined in Python, which may
/// reuse a built-in's name). Types are read once per address; the cache is bounded.
/// </summary>
internal sealed class PyTypeNameCache(IMemoryReader memory, PyLayout layout)
{
    private const int MaxNameBytes = 128;
    private const int MaxEntries = 4096;

    private readonly Dictionary<ulong, (string Name, bool Heap)> _types = [];

    public bool TryRead(ulong objectAddress, out ulong typeAddress, out string name, out bool heapType)
    {
        name = string.Empty;
        heapType = false;
        typeAddress = 0;
        if (objectAddress == 0 || !memory.TryReadPointer(objectAddress + (ulong)layout.ObjectType, out typeAddress) || typeAddress == 0)
        {
            return false;
        }

        if (_types.TryGetValue(typeAddress, out (string Name, bool Heap) known))
        {
            (name, heapType) = known;
            return true;
        }

        if (layout.TypeName < 0 || layout.TypeFlags < 0
            || !memory.TryReadPointer(typeAddress + (ulong)layout.TypeName, out ulong namePointer)
            || !memory.TryRead(typeAddress + (ulong)layout.TypeFlags, out ulong flags)
            || !memory.TryReadCString(namePointer, MaxNameBytes, out name)
            || name.Length == 0)
        {
            return false;
        }

        heapType = layout.TypeFlagHeapType > 0 && (flags & (ulong)layout.TypeFlagHeapType) != 0;
        if (_types.Count >= MaxEntries)
        {
            _types.Clear();
        }

        _types[typeAddress] = (name, heapType);
        return true;
    }
}
