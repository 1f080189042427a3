using System.Runtime.InteropServices;
using Pyflame.Core.Memory;
using Pyflame.Core.Python.Layouts;
using Pyflame.Core.Python.Strings;
using Pyflame.Core.Python.Values;
using Pyflame.Core.Python.Walking;

namespace Pyflame.Core.Python.Locals;

/// <summary>
/// Reads a frame's arguments and local variables from memory, without running code in the target.
/// <list type="bullet">
/// <item>≤3.10 (PyFrameObject, Include/frameobject.h): <c>f_localsplus</c> holds co_nlocals locals (named by
/// co_varnames), then one cell per co_cellvars, then one per co_freevars (Objects/frameobject.c,
/// PyFrame_FastToLocals).</item>
/// <item>3.11+ (_PyInterpreterFrame, Include/internal/pycore_frame.h): <c>localsplus</c> holds one slot per
/// co_localsplusnames, each described by a co_localspluskinds byte (Include/internal/pycore_code.h: CO_FAST_LOCAL
/// 0x20, CO_FAST_CELL 0x40, CO_FAST_FREE 0x80; 3.12+ CO_FAST_HIDDEN 0x10 for inlined comprehensions' names,
/// which are skipped). A cell slot holds the cell once MAKE_CELL has run, and the raw value before.</item>
/// </list>
/// The first co_argcount + co_kwonlyargcount (+1 for *args, +1 for **kwargs: co_flags CO_VARARGS 0x4,
/// CO_VARKEYWORDS 0x8, Include/code.h) variables are the arguments. Unbound variables (NULL) are left out.
/// A cell's value is its ob_ref. Counts read from the target are bounded by <see cref="ValuePreviewLimits.MaxLocals"/>.
/// </summary>
public sealed class FrameLocalsReader
{
    private const int CoVarargs = 0x4;
    private const int CoVarkeywords = 0x8;
    private const byte FastHidden = 0x10;
    private const byte FastCell = 0x40;
    private const byte FastFree = 0x80;

    private readonly IMemoryReader _memory;
    private readonly PyLayout _layout;
    private readonly PyValueFormatter _values;
    private readonly PyStringReader _strings;
    private readonly int _maxLocals;

    public FrameLocalsReader(IMemoryReader memory, PyLayout layout, PyValueFormatter values, ValuePreviewLimits? limits = null)
    {
        _memory = memory;
        _layout = layout;
        _values = values;
        _strings = new PyStringReader(memory, layout);
        _maxLocals = (limits ?? ValuePreviewLimits.Default).MaxLocals;
    }

    /// <summary>The code object's qualified name (co_qualname, 3.11+); null where the version has none.</summary>
    public string? ReadQualifiedName(ulong code) =>
        _layout.CodeQualname >= 0 && _memory.TryReadPointer(code + (ulong)_layout.CodeQualname, out ulong name)
        && _strings.TryReadString(name, out string text) ? text : null;

    /// <summary>Replaces <paramref name="locals"/> with the frame's bound variables; false if the frame or its code is unreadable.</summary>
    public bool TryRead(RawFrame frame, List<LocalVariable> locals)
    {
        locals.Clear();
        if (!TryReadArgumentCount(frame.Code, out int arguments))
        {
            return false;
        }

        return _layout.UsesInterpreterFrames
            ? TryReadLocalsPlus(frame, arguments, locals)
            : TryReadFastLocals(frame, arguments, locals);
    }

    private bool TryReadArgumentCount(ulong code, out int count)
    {
        count = 0;
        int keywordOnly = 0;
        if (!_memory.TryRead(code + (ulong)_layout.CodeArgCount, out int positional)
            || !_memory.TryRead(code + (ulong)_layout.CodeFlags, out int flags)
            || (_layout.CodeKwOnlyArgCount >= 0 && !_memory.TryRead(code + (ulong)_layout.CodeKwOnlyArgCount, out keywordOnly)))
        {
            return false;
        }

        count = positional + keywordOnly + ((flags & CoVarargs) != 0 ? 1 : 0) + ((flags & CoVarkeywords) != 0 ? 1 : 0);
        return positional >= 0 && keywordOnly >= 0;
    }

    /// <summary>3.11+: one slot per co_localsplusnames entry, kinds from co_localspluskinds.</summary>
    private bool TryReadLocalsPlus(RawFrame frame, int arguments, List<LocalVariable> locals)
    {
        if (!_memory.TryReadPointer(frame.Code + (ulong)_layout.CodeLocalsPlusNames, out ulong namesTuple)
            || !_memory.TryReadPointer(frame.Code + (ulong)_layout.CodeLocalsPlusKinds, out ulong kindsBytes)
            || !TryReadNames(namesTuple, out string[] names)
            || !_strings.TryReadBytes(kindsBytes, out byte[] kinds) || kinds.Length < names.Length
            || !TryReadSlots(frame.Frame + (ulong)_layout.IFrameLocalsPlus, names.Length, out ulong[] slots))
        {
            return false;
        }

        for (int i = 0; i < names.Length; i++)
        {
            byte kind = kinds[i];
            if ((kind & FastHidden) != 0 && _layout.Version.AtLeast(3, 12))
            {
                continue;
            }

            bool captured = (kind & (FastCell | FastFree)) != 0;
            LocalKind what = i < arguments ? LocalKind.Argument : (kind & FastFree) != 0 ? LocalKind.Free : (kind & FastCell) != 0 ? LocalKind.Cell : LocalKind.Local;
            Add(locals, names[i], what, Untag(slots[i]), dereference: captured);
        }

        return true;
    }

    /// <summary>≤3.10: locals, then cells, then free variables.</summary>
    private bool TryReadFastLocals(RawFrame frame, int arguments, List<LocalVariable> locals)
    {
        if (!_memory.TryRead(frame.Code + (ulong)_layout.CodeNLocals, out int localCount)
            || !TryReadNamesAt(frame.Code, _layout.CodeVarNames, out string[] varNames)
            || !TryReadNamesAt(frame.Code, _layout.CodeCellVars, out string[] cellNames)
            || !TryReadNamesAt(frame.Code, _layout.CodeFreeVars, out string[] freeNames))
        {
            return false;
        }

        int plain = Math.Clamp(localCount, 0, varNames.Length);
        int total = plain + cellNames.Length + freeNames.Length;
        if (total > _maxLocals || !TryReadSlots(frame.Frame + (ulong)_layout.FrameLocalsPlus, total, out ulong[] slots))
        {
            return false;
        }

        HashSet<string> argumentNames = [.. varNames.Take(Math.Min(arguments, plain))];
        for (int i = 0; i < plain; i++)
        {
            Add(locals, varNames[i], i < arguments ? LocalKind.Argument : LocalKind.Local, slots[i], dereference: false);
        }

        for (int i = 0; i < cellNames.Length; i++)
        {
            LocalKind kind = argumentNames.Contains(cellNames[i]) ? LocalKind.Argument : LocalKind.Cell;
            Add(locals, cellNames[i], kind, slots[plain + i], dereference: true);
        }

        for (int i = 0; i < freeNames.Length; i++)
        {
            Add(locals, freeNames[i], LocalKind.Free, slots[plain + cellNames.Length + i], dereference: true);
        }

        return true;
    }

    /// <summary>
    /// Adds a bound variable. A captured argument exists twice before 3.11 (its argument slot, which 2.7 keeps
    /// and 3.x clears, and its cell); the cell is the live one, so it replaces the argument slot's entry.
    /// </summary>
    private void Add(List<LocalVariable> locals, string name, LocalKind kind, ulong slot, bool dereference)
    {
        ulong value = slot;
        if (dereference && slot != 0 && _values.IsCell(slot))
        {
            if (!_memory.TryReadPointer(slot + (ulong)_layout.CellRef, out value))
            {
                return;
            }
        }

        if (value == 0)
        {
            return;
        }

        LocalVariable variable = new(name, kind, _values.TypeNameOf(value), _values.Format(value));
        int existing = dereference ? locals.FindIndex(local => local.Name == name) : -1;
        if (existing >= 0)
        {
            locals[existing] = variable with { Kind = locals[existing].Kind };
            return;
        }

        locals.Add(variable);
    }

    /// <summary>3.14+ keeps tagged stack references in localsplus (Include/internal/pycore_stackref.h); objects are 8-aligned.</summary>
    private ulong Untag(ulong slot) => _layout.Version.AtLeast(3, 14) ? slot & ~7UL : slot;

    private bool TryReadNamesAt(ulong code, int field, out string[] names)
    {
        names = [];
        return field >= 0 && _memory.TryReadPointer(code + (ulong)field, out ulong tuple) && TryReadNames(tuple, out names);
    }

    private bool TryReadNames(ulong tuple, out string[] names)
    {
        names = [];
        if (tuple == 0 || !_memory.TryRead(tuple + (ulong)_layout.VarObjectSize, out long size) || size < 0 || size > _maxLocals
            || !TryReadSlots(tuple + (ulong)_layout.TupleItems, (int)size, out ulong[] items))
        {
            return false;
        }

        names = new string[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            if (!_strings.TryReadString(items[i], out names[i]))
            {
                return false;
            }
        }

        return true;
    }

    private bool TryReadSlots(ulong address, int count, out ulong[] slots)
    {
        slots = new ulong[Math.Max(count, 0)];
        return count >= 0 && count <= _maxLocals
            && (count == 0 || _memory.TryReadExact(address, MemoryMarshal.AsBytes(slots.AsSpan())));
    }
}
