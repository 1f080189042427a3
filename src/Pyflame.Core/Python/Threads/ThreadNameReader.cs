using Pyflame.Core.Memory;
using Pyflame.Core.Python.Discovery;
using Pyflame.Core.Python.Layouts;
using Pyflame.Core.Python.Objects;
using Pyflame.Core.Python.Strings;

namespace Pyflame.Core.Python.Threads;

/// <summary>
/// Reads the <c>threading</c> names of a target's threads, the way the module itself knows them:
/// <c>sys.modules["threading"].__dict__["_active"]</c> maps each thread's ident (== pthread_self(), the
/// same value as PyThreadState.thread_id) to its Thread object, whose instance attribute <c>_name</c>
/// (2.7: the name-mangled <c>_Thread__name</c>) is the name (Lib/threading.py of every version).
/// Threads that <c>threading</c> does not know (started with <c>_thread</c> directly) have no entry.
/// Everything read is bounded; a failed read gives false or a missing name, never an exception.
/// </summary>
public sealed class ThreadNameReader : IThreadNameSource
{
    /// <summary>Longest thread name read, in bytes before decoding; longer names are skipped.</summary>
    public const int MaxNameBytes = 1024;

    /// <summary>Longest dict key compared (module and attribute names are short).</summary>
    private const int MaxKeyBytes = 64;

    private readonly IMemoryReader _memory;
    private readonly PyLayout _layout;
    private readonly PyTypeReader _types;
    private readonly DictReader _dicts;
    private readonly AttributeReader _attributes;
    private readonly PyIntReader _ints;
    private readonly PyStringReader _keyStrings;
    private readonly PyStringReader _nameStrings;
    private readonly string _nameAttribute;
    private readonly List<DictEntry> _scratch = [];
    private readonly List<DictEntry> _active = [];

    /// <summary>
    /// Key objects already proven to spell a name, so later lookups match by address without reading
    /// every key again. A key found in a live dict is alive (the dict holds it), so an address match is
    /// that same string unless it was freed and its memory reused for another key, which would need the
    /// name to leave the dict first (e.g. <c>del sys.modules["threading"]</c>).
    /// </summary>
    private readonly Dictionary<string, ulong> _knownKeys = new(StringComparer.Ordinal);

    public ThreadNameReader(IMemoryReader memory, PythonRuntime runtime)
    {
        ArgumentNullException.ThrowIfNull(memory);
        ArgumentNullException.ThrowIfNull(runtime);
        _memory = memory;
        _layout = runtime.Layout;
        _types = new PyTypeReader(memory, _layout);
        _dicts = new DictReader(memory, _layout);
        _attributes = new AttributeReader(memory, _layout, _types, _dicts);
        _ints = new PyIntReader(memory, _layout);
        _keyStrings = new PyStringReader(memory, _layout, MaxKeyBytes);
        _nameStrings = new PyStringReader(memory, _layout, MaxNameBytes);
        _nameAttribute = _layout.ThreadNameAttribute;
    }

    /// <summary>
    /// Adds the name of every thread that <c>threading</c> of <paramref name="interpreter"/> (a
    /// PyInterpreterState address) knows to <paramref name="namesByPthreadId"/>, keyed by pthread id.
    /// False when the module table or <c>threading._active</c> cannot be read (e.g. threading is not
    /// imported); threads whose name cannot be read are left out.
    /// </summary>
    public bool TryReadNames(ulong interpreter, Dictionary<ulong, string> namesByPthreadId)
    {
        ArgumentNullException.ThrowIfNull(namesByPthreadId);
        if (!TryFindActiveDict(interpreter, out ulong active) || !_dicts.TryReadEntries(active, _active))
        {
            return false;
        }

        foreach (DictEntry thread in _active)
        {
            if (TryReadIdent(thread.Key, out ulong pthreadId) && TryReadThreadName(thread.Value, out string name))
            {
                namesByPthreadId[pthreadId] = name;
            }
        }

        return true;
    }

    /// <summary>interp->modules → "threading" → module __dict__ → "_active" (which must be a dict).</summary>
    private bool TryFindActiveDict(ulong interpreter, out ulong active)
    {
        active = 0;
        return interpreter != 0 && _layout.InterpModules >= 0
            && _memory.TryReadPointer(interpreter + (ulong)_layout.InterpModules, out ulong modules)
            && _dicts.TryReadEntries(modules, _scratch)
            && TryFindKey(_scratch, "threading", out ulong threading)
            && _attributes.TryReadAttributes(threading, _scratch)
            && TryFindKey(_scratch, "_active", out active)
            && _types.TryReadTypeOf(active, out PyTypeInfo type)
            && type.Has(_layout.TypeFlagDictSubclass);
    }

    private bool TryReadIdent(ulong key, out ulong pthreadId)
    {
        pthreadId = 0;
        return _types.TryReadTypeOf(key, out PyTypeInfo type) && _ints.TryReadUnsigned(key, type, out pthreadId);
    }

    private bool TryReadThreadName(ulong thread, out string name)
    {
        name = string.Empty;
        return _attributes.TryReadAttributes(thread, _scratch)
            && TryFindKey(_scratch, _nameAttribute, out ulong nameObject)
            && _types.TryReadTypeOf(nameObject, out PyTypeInfo type)
            && type.Has(_layout.TypeFlagStrSubclass)
            && _nameStrings.TryReadString(nameObject, out name);
    }

    /// <summary>Finds the value stored under the str key <paramref name="name"/>: by known key address first, then by content.</summary>
    private bool TryFindKey(List<DictEntry> entries, string name, out ulong value)
    {
        if (_knownKeys.TryGetValue(name, out ulong knownKey))
        {
            foreach (DictEntry entry in entries)
            {
                if (entry.Key == knownKey)
                {
                    value = entry.Value;
                    return true;
                }
            }
        }

        foreach (DictEntry entry in entries)
        {
            if (entry.Key != knownKey && _keyStrings.TryReadString(entry.Key, out string key) && string.Equals(key, name, StringComparison.Ordinal))
            {
                _knownKeys[name] = entry.Key;
                value = entry.Value;
                return true;
            }
        }

        value = 0;
        return false;
    }
}
