using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Pyflame.Core.Memory;
using Pyflame.Core.Python.Layouts;
using Pyflame.Core.Python.Objects;
using Pyflame.Core.Python.Strings;

namespace Pyflame.Core.Python.Values;

/// <summary>
/// A short, repr-like preview of an object in the target, read from memory only (no code runs in the target):
/// None, bool, int (any size), float, str, bytes, and tuple, list, dict, set and frozenset with at most
/// <see cref="ValuePreviewLimits.MaxItems"/> items and <see cref="ValuePreviewLimits.MaxDepth"/> levels; anything
/// else, instances of subclasses included, as <c>&lt;TYPE at 0xADDR&gt;</c>. Built-in types are recognised by
/// tp_name on a static (non-heap) type. An object that cannot be read is <c>&lt;unreadable at 0xADDR&gt;</c>.
/// </summary>
public sealed class PyValueFormatter
{
    private readonly IMemoryReader _memory;
    private readonly PyLayout _layout;
    private readonly ValuePreviewLimits _limits;
    private readonly PyTypeNameCache _types;
    private readonly PyIntText _ints;
    private readonly DictReader _dicts;
    private readonly List<DictEntry> _entries = [];

    public PyValueFormatter(IMemoryReader memory, PyLayout layout, ValuePreviewLimits? limits = null)
    {
        _memory = memory;
        _layout = layout;
        _limits = limits ?? ValuePreviewLimits.Default;
        _types = new PyTypeNameCache(memory, layout);
        _ints = new PyIntText(memory, layout, _limits);
        _dicts = new DictReader(memory, layout);
    }

    /// <summary>The object's type name (tp_name), or null when it cannot be read.</summary>
    public string? TypeNameOf(ulong address) => _types.TryRead(address, out _, out string name, out _) ? name : null;

    /// <summary>True when the object is a built-in <c>cell</c> (a closure variable's box).</summary>
    public bool IsCell(ulong address) => _types.TryRead(address, out _, out string name, out bool heap) && !heap && name == "cell";

    public string Format(ulong address)
    {
        var text = new StringBuilder();
        Append(text, address, 0);
        return text.ToString();
    }

    private void Append(StringBuilder text, ulong address, int depth)
    {
        if (address == 0)
        {
            text.Append("<NULL>");
            return;
        }

        if (!_types.TryRead(address, out _, out string type, out bool heap))
        {
            AppendOpaque(text, "unreadable", address);
            return;
        }

        if (heap || !TryAppendBuiltin(text, address, type, depth))
        {
            AppendOpaque(text, type, address);
        }
    }

    private bool TryAppendBuiltin(StringBuilder text, ulong address, string type, int depth)
    {
        bool py2 = _layout.Version.Major == 2;
        switch (type)
        {
            case "NoneType":
                text.Append("None");
                return true;
            case "bool":
                return TryAppendBool(text, address, py2);
            case "int":
                return TryAppendText(text, py2 ? _ints.TryFormatSmall(address, out string small) : _ints.TryFormatLong(address, out small), small);
            case "long" when py2:
                return TryAppendText(text, _ints.TryFormatLong(address, out string big), big + "L");
            case "float":
                if (_layout.FloatValue < 0 || !_memory.TryRead(address + (ulong)_layout.FloatValue, out double value))
                {
                    return false;
                }

                text.Append(PythonFloatText.Format(value));
                return true;
            case "str":
                return py2 ? TryAppendBytes(text, address, prefix: string.Empty) : TryAppendStr(text, address);
            case "bytes" when !py2:
                return TryAppendBytes(text, address, prefix: "b");
            case "tuple":
            case "list":
                return TryAppendSequence(text, address, type == "tuple", depth);
            case "dict":
                return TryAppendDict(text, address, depth);
            case "set":
            case "frozenset":
                return TryAppendSet(text, address, type, depth);
            default:
                return false;
        }
    }

    private bool TryAppendBool(StringBuilder text, ulong address, bool py2)
    {
        long value = 0;
        bool ok = py2
            ? _layout.IntValue >= 0 && _memory.TryRead(address + (ulong)_layout.IntValue, out value)
            : _ints.TryReadInt64(address, out value);
        if (!ok || value is not (0 or 1))
        {
            return false;
        }

        text.Append(value == 1 ? "True" : "False");
        return true;
    }

    private static bool TryAppendText(StringBuilder text, bool ok, string value)
    {
        if (ok)
        {
            text.Append(value);
        }

        return ok;
    }

    /// <summary>A PEP 393 str: at most <see cref="ValuePreviewLimits.MaxStringChars"/> characters are read.</summary>
    private bool TryAppendStr(StringBuilder text, ulong address)
    {
        PyLayout layout = _layout;
        if (layout.UnicodeLength < 0 || layout.UnicodeState < 0 || layout.UnicodeAsciiData <= 0 || layout.UnicodeCompactData <= 0
            || !_memory.TryRead(address + (ulong)layout.UnicodeLength, out long length)
            || !_memory.TryRead(address + (ulong)layout.UnicodeState, out uint state)
            || length < 0 || !PyStringDecoder.TryGetKind(state, out int kind))
        {
            return false;
        }

        const uint compact = 1u << 5, ascii = 1u << 6; // PyASCIIObject.state bits (cpython-internals.md §2.6)
        ulong data;
        if ((state & compact) != 0)
        {
            data = address + (ulong)((state & ascii) != 0 ? layout.UnicodeAsciiData : layout.UnicodeCompactData);
        }
        else if (layout.UnicodeLegacyData < 0 || !_memory.TryReadPointer(address + (ulong)layout.UnicodeLegacyData, out data) || data == 0)
        {
            return false;
        }

        int shown = (int)Math.Min(length, _limits.MaxStringChars);
        byte[] raw = new byte[shown * kind];
        if (raw.Length > 0 && !_memory.TryReadExact(data, raw))
        {
            return false;
        }

        PythonReprText.AppendStr(text, PyStringDecoder.DecodePep393(state, raw, shown), shown < length, length);
        return true;
    }

    /// <summary>3.x bytes, 2.7 str: ob_size then the inline data; at most the preview's length is read.</summary>
    private bool TryAppendBytes(StringBuilder text, ulong address, string prefix)
    {
        if (_layout.BytesData < 0 || !_memory.TryRead(address + (ulong)_layout.BytesSize, out long size) || size < 0)
        {
            return false;
        }

        int shown = (int)Math.Min(size, _limits.MaxStringChars);
        byte[] raw = new byte[shown];
        if (shown > 0 && !_memory.TryReadExact(address + (ulong)_layout.BytesData, raw))
        {
            return false;
        }

        PythonReprText.AppendBytes(text, raw, shown < size, size, prefix);
        return true;
    }

    private bool TryAppendSequence(StringBuilder text, ulong address, bool tuple, int depth)
    {
        (char open, char close) = tuple ? ('(', ')') : ('[', ']');
        int itemsField = tuple ? _layout.TupleItems : _layout.ListItems;
        if (itemsField < 0 || !_memory.TryRead(address + (ulong)_layout.VarObjectSize, out long size) || size < 0)
        {
            return false;
        }

        if (depth >= _limits.MaxDepth && size > 0)
        {
            text.Append(open).Append("...").Append(close);
            return true;
        }

        int shown = (int)Math.Min(size, _limits.MaxItems);
        ulong[] items = new ulong[shown];
        ulong itemsAddress = address + (ulong)itemsField;
        if (!tuple && shown > 0 && !_memory.TryReadPointer(itemsAddress, out itemsAddress))
        {
            return false; // a list's ob_item is a pointer to the items; a tuple's are inline
        }

        if (shown > 0 && !_memory.TryReadExact(itemsAddress, MemoryMarshal.AsBytes(items.AsSpan())))
        {
            return false;
        }

        text.Append(open);
        for (int i = 0; i < shown && !AppendSeparatorOrStop(text, i); i++)
        {
            Append(text, items[i], depth + 1);
        }

        AppendMore(text, shown, size);
        text.Append(tuple && size == 1 ? ",)" : close.ToString());
        return true;
    }

    private bool TryAppendDict(StringBuilder text, ulong address, int depth)
    {
        if (!_dicts.TryReadEntries(address, _entries))
        {
            return false;
        }

        if (depth >= _limits.MaxDepth && _entries.Count > 0)
        {
            text.Append("{...}");
            return true;
        }

        DictEntry[] entries = [.. _entries.Take(_limits.MaxItems)]; // nested dicts reuse _entries
        text.Append('{');
        for (int i = 0; i < entries.Length && !AppendSeparatorOrStop(text, i); i++)
        {
            Append(text, entries[i].Key, depth + 1);
            text.Append(": ");
            Append(text, entries[i].Value, depth + 1);
        }

        AppendMore(text, entries.Length, _entries.Count > entries.Length ? entries.Length + 1 : entries.Length);
        text.Append('}');
        return true;
    }

    private bool TryAppendSet(StringBuilder text, ulong address, string type, int depth)
    {
        if (!new PySetReader(_memory, _layout, _limits).TryReadKeys(address, out List<ulong> keys, out long used))
        {
            return false;
        }

        if (_layout.Version.Major == 2)
        {
            // 2.7 marks deleted slots with one str, "<dummy key>" (Objects/setobject.c), not by hash.
            keys.RemoveAll(key => Format2DummyCheck(key));
        }

        string wrapOpen = type == "frozenset" ? "frozenset({" : "{";
        string wrapClose = type == "frozenset" ? "})" : "}";
        if (keys.Count == 0)
        {
            text.Append(type).Append("()");
            return true;
        }

        if (depth >= _limits.MaxDepth)
        {
            text.Append(wrapOpen).Append("...").Append(wrapClose);
            return true;
        }

        int shown = Math.Min(keys.Count, _limits.MaxItems);
        text.Append(wrapOpen);
        for (int i = 0; i < shown && !AppendSeparatorOrStop(text, i); i++)
        {
            Append(text, keys[i], depth + 1);
        }

        AppendMore(text, shown, Math.Max(used, keys.Count));
        text.Append(wrapClose);
        return true;
    }

    private bool Format2DummyCheck(ulong key)
    {
        var probe = new StringBuilder();
        return _types.TryRead(key, out _, out string type, out bool heap) && !heap && type == "str"
            && TryAppendBytes(probe, key, string.Empty) && probe.ToString() == "'<dummy key>'";
    }

    /// <summary>Writes ", " before item <paramref name="index"/>; true (stop) once the preview is long enough.</summary>
    private bool AppendSeparatorOrStop(StringBuilder text, int index)
    {
        if (text.Length >= _limits.MaxPreviewChars)
        {
            text.Append(index > 0 ? ", ..." : "...");
            return true;
        }

        if (index > 0)
        {
            text.Append(", ");
        }

        return false;
    }

    private void AppendMore(StringBuilder text, int shown, long total)
    {
        if (total > shown && text.Length < _limits.MaxPreviewChars)
        {
            text.Append(shown > 0 ? ", ..." : "...");
        }
    }

    private static void AppendOpaque(StringBuilder text, string type, ulong address) =>
        text.Append('<').Append(type).Append(" at 0x").Append(address.ToString("x", CultureInfo.InvariantCulture)).Append('>');
}
