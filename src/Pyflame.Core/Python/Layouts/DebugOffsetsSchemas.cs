namespace Pyflame.Core.Python.Layouts;

/// <summary>
/// Every <c>_Py_DebugOffsets</c> schema Pyflame knows: field lists copied in order from each minor version's
/// header (3.13: Include/internal/pycore_runtime.h; 3.14 and 3.15: Include/internal/pycore_debug_offsets.h).
/// Final releases of a minor share one schema; an alpha, beta or release candidate is read only by a schema
/// written for exactly that pre-release (3.15.0b4 inserted a thread_state field that shifted every later one).
/// </summary>
public static class DebugOffsetsSchemas
{
    public static DebugOffsetsSchema Python313 { get; } = new(new PythonVersion(3, 13),
    [
        ("runtime_state", ["size", "finalizing", "interpreters_head"]),
        ("interpreter_state", ["size", "id", "next", "threads_head", "gc", "imports_modules", "sysdict", "builtins", "ceval_gil",
            "gil_runtime_state", "gil_runtime_state_enabled", "gil_runtime_state_locked", "gil_runtime_state_holder"]),
        ("thread_state", ["size", "prev", "next", "interp", "current_frame", "thread_id", "native_thread_id", "datastack_chunk", "status"]),
        ("interpreter_frame", ["size", "previous", "executable", "instr_ptr", "localsplus", "owner"]),
        ("code_object", ["size", "filename", "name", "qualname", "linetable", "firstlineno", "argcount", "localsplusnames",
            "localspluskinds", "co_code_adaptive"]),
        ("pyobject", ["size", "ob_type"]),
        ("type_object", ["size", "tp_name", "tp_repr", "tp_flags"]),
        ("tuple_object", ["size", "ob_item", "ob_size"]),
        ("list_object", ["size", "ob_item", "ob_size"]),
        ("dict_object", ["size", "ma_keys", "ma_values"]),
        ("float_object", ["size", "ob_fval"]),
        ("long_object", ["size", "lv_tag", "ob_digit"]),
        ("bytes_object", ["size", "ob_size", "ob_sval"]),
        ("unicode_object", ["size", "state", "length", "asciiobject_size"]),
        ("gc", ["size", "collecting"]),
    ]);

    public static DebugOffsetsSchema Python314 { get; } = new(new PythonVersion(3, 14),
    [
        ("runtime_state", ["size", "finalizing", "interpreters_head"]),
        ("interpreter_state", ["size", "id", "next", "threads_head", "threads_main", "gc", "imports_modules", "sysdict", "builtins",
            "ceval_gil", "gil_runtime_state", "gil_runtime_state_enabled", "gil_runtime_state_locked", "gil_runtime_state_holder",
            "code_object_generation", "tlbc_generation"]),
        ("thread_state", ["size", "prev", "next", "interp", "current_frame", "thread_id", "native_thread_id", "datastack_chunk", "status"]),
        ("interpreter_frame", ["size", "previous", "executable", "instr_ptr", "localsplus", "owner", "stackpointer", "tlbc_index"]),
        ("code_object", ["size", "filename", "name", "qualname", "linetable", "firstlineno", "argcount", "localsplusnames",
            "localspluskinds", "co_code_adaptive", "co_tlbc"]),
        ("pyobject", ["size", "ob_type"]),
        ("type_object", ["size", "tp_name", "tp_repr", "tp_flags"]),
        ("tuple_object", ["size", "ob_item", "ob_size"]),
        ("list_object", ["size", "ob_item", "ob_size"]),
        ("set_object", ["size", "used", "table", "mask"]),
        ("dict_object", ["size", "ma_keys", "ma_values"]),
        ("float_object", ["size", "ob_fval"]),
        ("long_object", ["size", "lv_tag", "ob_digit"]),
        ("bytes_object", ["size", "ob_size", "ob_sval"]),
        ("unicode_object", ["size", "state", "length", "asciiobject_size"]),
        ("gc", ["size", "collecting"]),
        ("gen_object", ["size", "gi_name", "gi_iframe", "gi_frame_state"]),
        ("llist_node", ["next", "prev"]),
        ("debugger_support", ["eval_breaker", "remote_debugger_support", "remote_debugging_enabled", "debugger_pending_call",
            "debugger_script_path", "debugger_script_path_size"]),
    ]);

    public static DebugOffsetsSchema Python315 { get; } = new(new PythonVersion(3, 15),
    [
        ("runtime_state", ["size", "finalizing", "interpreters_head"]),
        ("interpreter_state", ["size", "id", "next", "threads_head", "threads_main", "gc", "imports_modules", "sysdict", "builtins",
            "ceval_gil", "gil_runtime_state", "gil_runtime_state_enabled", "gil_runtime_state_locked", "gil_runtime_state_holder",
            "code_object_generation", "tlbc_generation"]),
        ("thread_state", ["size", "prev", "next", "interp", "current_frame", "base_frame", "last_profiled_frame",
            "last_profiled_frame_seq", "thread_id", "native_thread_id", "datastack_chunk", "status", "holds_gil", "gil_requested",
            "current_exception", "exc_state"]),
        ("err_stackitem", ["exc_value"]),
        ("interpreter_frame", ["size", "previous", "executable", "instr_ptr", "localsplus", "owner", "stackpointer", "tlbc_index"]),
        ("code_object", ["size", "filename", "name", "qualname", "linetable", "firstlineno", "argcount", "localsplusnames",
            "localspluskinds", "co_code_adaptive", "co_tlbc"]),
        ("pyobject", ["size", "ob_type"]),
        ("type_object", ["size", "tp_name", "tp_repr", "tp_flags", "tp_basicsize", "tp_dictoffset"]),
        ("heap_type_object", ["size", "ht_cached_keys"]),
        ("tuple_object", ["size", "ob_item", "ob_size"]),
        ("list_object", ["size", "ob_item", "ob_size"]),
        ("set_object", ["size", "used", "table", "mask"]),
        ("dict_object", ["size", "ma_keys", "ma_values"]),
        ("float_object", ["size", "ob_fval"]),
        ("long_object", ["size", "lv_tag", "ob_digit"]),
        ("bytes_object", ["size", "ob_size", "ob_sval"]),
        ("unicode_object", ["size", "state", "length", "asciiobject_size", "compactunicodeobject_size"]),
        ("gc", ["size", "collecting", "frame", "generation_stats_size", "generation_stats"]),
        ("gen_object", ["size", "gi_name", "gi_iframe", "gi_frame_state"]),
        ("llist_node", ["next", "prev"]),
        ("debugger_support", ["eval_breaker", "remote_debugger_support", "remote_debugging_enabled", "debugger_pending_call",
            "debugger_script_path", "debugger_script_path_size"]),
    ]);

    public static IReadOnlyList<DebugOffsetsSchema> All { get; } = [Python313, Python314, Python315];

    /// <summary>The oldest minor version that carries <c>_Py_DebugOffsets</c>.</summary>
    public static PythonVersion First => All[0].Version;

    /// <summary>The newest minor version Pyflame has a schema for.</summary>
    public static PythonVersion Newest => All[^1].Version;

    /// <summary>
    /// The schema for a table whose header says <paramref name="versionHex"/> (PY_VERSION_HEX), or null with a
    /// user-facing reason. CPython's own reader applies the same rule to pre-releases (validate_debug_offsets in
    /// Modules/_remote_debugging): a pre-release is read only by a schema for exactly that version.
    /// </summary>
    public static DebugOffsetsSchema? Find(ulong versionHex, out string? problem)
    {
        PythonVersion version = PythonVersion.FromHex(versionHex);
        bool preRelease = !IsFinal(versionHex);
        DebugOffsetsSchema? schema = All.FirstOrDefault(s => s.Version.Major == version.Major && s.Version.Minor == version.Minor
            && (preRelease ? s.PreReleaseHex == versionHex : s.PreReleaseHex == 0));
        problem = schema is not null ? null
            : version > new PythonVersion(Newest.Major, Newest.Minor, int.MaxValue)
                ? $"Python {version.Major}.{version.Minor} is newer than this Pyflame supports (newest: {Newest.Major}.{Newest.Minor}); a newer Pyflame may read it"
            : preRelease
                ? $"Python {DescribeHex(versionHex)} is a pre-release; Pyflame reads a pre-release only with a layout for exactly that release (supported: the final releases of {Describe()})"
            : $"Python {version.Major}.{version.Minor}'s _Py_DebugOffsets layout is not known to this Pyflame (supported: {Describe()})";
        return schema;
    }

    /// <summary>PY_RELEASE_LEVEL_FINAL is 0xF in bits 4-7 of PY_VERSION_HEX (Include/patchlevel.h).</summary>
    public static bool IsFinal(ulong versionHex) => (versionHex & 0xF0) == 0xF0;

    /// <summary>"3.15.0b4" from 0x030F00B4; final releases print as X.Y.Z.</summary>
    public static string DescribeHex(ulong versionHex)
    {
        PythonVersion version = PythonVersion.FromHex(versionHex);
        string level = ((versionHex >> 4) & 0xF) switch { 0xA => "a", 0xB => "b", 0xC => "rc", _ => string.Empty };
        return level.Length == 0 ? version.ToString() : $"{version}{level}{versionHex & 0xF}";
    }

    private static string Describe() => string.Join(", ", All.Where(s => s.PreReleaseHex == 0).Select(s => $"{s.Version.Major}.{s.Version.Minor}"));
}
