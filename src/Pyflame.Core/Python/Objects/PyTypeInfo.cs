namespace Pyflame.Core.Python.Objects;

/// <summary>The few fields of an object's type that decide how to read the object.</summary>
/// <param name="Address">The type object (ob_type of the instance).</param>
/// <param name="Flags">tp_flags.</param>
/// <param name="DictOffset">tp_dictoffset: where the instance dict pointer is (0 = none, negative = from the end).</param>
/// <param name="CachedKeys">ht_cached_keys of a heap type (shared keys of its instances' split dicts), or 0.</param>
public readonly record struct PyTypeInfo(ulong Address, ulong Flags, long DictOffset, ulong CachedKeys)
{
    /// <summary>True when <paramref name="flag"/> is a real flag value (layouts use -1 for "no such flag") and it is set.</summary>
    public bool Has(int flag) => flag > 0 && (Flags & (ulong)flag) != 0;
}
