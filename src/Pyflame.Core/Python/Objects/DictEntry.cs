namespace Pyflame.Core.Python.Objects;

/// <summary>One live slot of a remote dict: the addresses of its key and value objects (both non-zero).</summary>
public readonly record struct DictEntry(ulong Key, ulong Value);
