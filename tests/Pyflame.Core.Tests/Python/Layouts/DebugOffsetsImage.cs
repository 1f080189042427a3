using Pyflame.Core.Python.Layouts;
using Pyflame.Core.Tests.Fakes;

namespace Pyflame.Core.Tests.Python.Layouts;

/// <summary>
/// Writes a <c>_Py_DebugOffsets</c> block describing a layout, in the shape of one schema. Positions come from the
/// schema; <see cref="DebugOffsetsSchemaTests"/> pins the schemas to CPython's headers independently (sizes and
/// known positions), and the live-interpreter tests check them against real tables.
/// </summary>
internal static class DebugOffsetsImage
{
    public const ulong Python3130Hex = 0x030D00F0;
    public const ulong Python31410Hex = 0x030E0AF0;
    public const ulong Python3152Hex = 0x030F02F0;
    public const int GilStateInInterp = 7752;

    /// <summary>The 3.13 table (584 bytes), the shape the older tests were written for.</summary>
    public const int Size = 584;

    public static void Write(SyntheticMemory memory, ulong address, PyLayout layout, ulong versionHex = Python3130Hex) =>
        Write(memory, address, layout, DebugOffsetsSchemas.Python313, versionHex);

    public static void Write(SyntheticMemory memory, ulong address, PyLayout layout, DebugOffsetsSchema schema, ulong versionHex, bool freeThreaded = false)
    {
        memory.Map(address, schema.TotalSize);
        memory.WriteAscii(address, "xdebugpy");
        memory.WriteU64(address + 8, versionHex);
        memory.WriteU64(address + 16, freeThreaded ? 1UL : 0UL);
        (string Field, long Value)[] fields =
        [
            ("runtime_state.size", 283320), ("runtime_state.interpreters_head", layout.RuntimeInterpretersHead),
            ("interpreter_state.size", 194968), ("interpreter_state.id", layout.InterpId), ("interpreter_state.next", layout.InterpNext),
            ("interpreter_state.threads_head", layout.InterpThreadsHead), ("interpreter_state.imports_modules", layout.InterpModules),
            ("interpreter_state.ceval_gil", layout.InterpCevalGil), ("interpreter_state.gil_runtime_state", GilStateInInterp),
            ("interpreter_state.gil_runtime_state_locked", GilStateInInterp + layout.GilLocked),
            ("interpreter_state.gil_runtime_state_holder", GilStateInInterp + layout.GilLastHolder),
            ("thread_state.size", 304), ("thread_state.prev", layout.ThreadPrev), ("thread_state.next", layout.ThreadNext),
            ("thread_state.interp", layout.ThreadInterp), ("thread_state.current_frame", layout.ThreadFrame),
            ("thread_state.thread_id", layout.ThreadThreadId), ("thread_state.native_thread_id", layout.ThreadNativeThreadId),
            ("thread_state.datastack_chunk", layout.ThreadDatastackChunk), ("thread_state.base_frame", layout.ThreadBaseFrame),
            ("thread_state.holds_gil", layout.ThreadHoldsGil), ("thread_state.gil_requested", layout.ThreadGilRequested),
            ("interpreter_frame.size", layout.IFrameSize), ("interpreter_frame.previous", layout.IFramePrevious),
            ("interpreter_frame.executable", layout.IFrameCode), ("interpreter_frame.instr_ptr", layout.IFrameInstrPtr),
            ("interpreter_frame.owner", layout.IFrameOwner),
            ("code_object.size", layout.CodeSize), ("code_object.filename", layout.CodeFilename), ("code_object.name", layout.CodeName),
            ("code_object.qualname", layout.CodeQualname), ("code_object.linetable", layout.CodeLineTable),
            ("code_object.firstlineno", layout.CodeFirstLineno), ("code_object.co_code_adaptive", layout.CodeCodeAdaptive),
            ("pyobject.size", layout.ObjectType + 8), ("pyobject.ob_type", layout.ObjectType),
            ("type_object.size", 416), ("type_object.tp_name", layout.TypeName), ("type_object.tp_flags", layout.TypeFlags),
            ("type_object.tp_dictoffset", layout.TypeDictOffset),
            ("heap_type_object.size", 944), ("heap_type_object.ht_cached_keys", layout.HeapTypeCachedKeys),
            ("tuple_object.size", 32), ("tuple_object.ob_size", layout.VarObjectSize),
            ("list_object.size", 40), ("dict_object.size", 48), ("dict_object.ma_keys", layout.DictKeys),
            ("dict_object.ma_values", layout.DictValues), ("float_object.size", 24),
            ("long_object.size", 32), ("long_object.lv_tag", layout.LongSize), ("long_object.ob_digit", layout.LongDigits),
            ("bytes_object.size", 40), ("bytes_object.ob_size", layout.BytesSize), ("bytes_object.ob_sval", layout.BytesData),
            ("unicode_object.size", layout.UnicodeLegacyData + 8), ("unicode_object.state", layout.UnicodeState),
            ("unicode_object.length", layout.UnicodeLength), ("unicode_object.asciiobject_size", layout.UnicodeAsciiData),
            ("unicode_object.compactunicodeobject_size", layout.UnicodeCompactData),
            ("gc.size", 400), ("set_object.size", 200), ("gen_object.size", 112), ("gen_object.gi_iframe", layout.GenIFrame),
        ];
        foreach ((string field, long value) in fields)
        {
            if (schema.Has(field))
            {
                memory.WriteU64(address + (ulong)schema.PositionOf(field), (ulong)value);
            }
        }
    }
}
