namespace Pyflame.Core.Python.Layouts;

/// <summary>
/// Byte offsets of every CPython field the walker reads, for one interpreter build.
/// Values come from <see cref="GeneratedLayouts"/> (compiled offsetof probes against each version's
/// real headers) or, on 3.13+, from the target's own <c>_Py_DebugOffsets</c>. -1 means "this version
/// has no such field". Which algorithm to use for a field (frame chain, line table...) is derived from
/// <see cref="Version"/> by the properties at the end, so versions stay data.
/// </summary>
public sealed record PyLayout
{
    public required PythonVersion Version { get; init; }

    /// <summary>Where these numbers came from, e.g. "generated from 3.12.1 headers" or "_Py_DebugOffsets".</summary>
    public string Source { get; init; } = "generated";

    // _PyRuntimeState (3.7+)
    public int RuntimeInterpretersHead { get; init; } = -1;
    public int RuntimeInterpretersMain { get; init; } = -1;
    public int RuntimeTstateCurrent { get; init; } = -1;      // gilstate.tstate_current, 3.7-3.11
    public int RuntimeGilLocked { get; init; } = -1;          // ceval.gil.locked, 3.7-3.11
    public int RuntimeGilLastHolder { get; init; } = -1;      // ceval.gil.last_holder, 3.7-3.11

    // PyInterpreterState
    public int InterpNext { get; init; } = -1;
    public int InterpThreadsHead { get; init; } = -1;         // tstate_head / threads.head
    public int InterpId { get; init; } = -1;
    public int InterpModules { get; init; } = -1;             // modules / imports.modules
    public int InterpCevalGil { get; init; } = -1;            // ceval.gil pointer, 3.12+

    // struct _gil_runtime_state (3.7+), offsets inside the struct
    public int GilLastHolder { get; init; } = -1;
    public int GilLocked { get; init; } = -1;

    // PyThreadState
    public int ThreadPrev { get; init; } = -1;
    public int ThreadNext { get; init; } = -1;
    public int ThreadInterp { get; init; } = -1;
    public int ThreadFrame { get; init; } = -1;               // frame (<=3.10) or current_frame (3.13+)
    public int ThreadCFrame { get; init; } = -1;              // cframe pointer, 3.11-3.12
    public int CFrameCurrentFrame { get; init; } = -1;        // _PyCFrame.current_frame, 3.11-3.12
    public int ThreadThreadId { get; init; } = -1;            // pthread_t
    public int ThreadNativeThreadId { get; init; } = -1;      // Linux TID, 3.11+
    public int ThreadDatastackChunk { get; init; } = -1;      // 3.11+
    public int ThreadBaseFrame { get; init; } = -1;           // base_frame: the chain's bottom sentinel, 3.15+
    public int ThreadHoldsGil { get; init; } = -1;            // int holds_gil, 3.15+ (published in _Py_DebugOffsets)
    public int ThreadGilRequested { get; init; } = -1;        // int gil_requested, 3.15+ (not idle: see GilModel)

    // PyFrameObject (<=3.10)
    public int FrameBack { get; init; } = -1;
    public int FrameCode { get; init; } = -1;
    public int FrameLasti { get; init; } = -1;
    public int FrameLineno { get; init; } = -1;

    // _PyInterpreterFrame (3.11+)
    public int IFrameSize { get; init; } = -1;
    public int IFramePrevious { get; init; } = -1;
    public int IFrameCode { get; init; } = -1;                // f_code / f_executable
    public int IFrameInstrPtr { get; init; } = -1;            // prev_instr (3.11-3.12) / instr_ptr (3.13)
    public int IFrameOwner { get; init; } = -1;               // char
    public int IFrameIsEntry { get; init; } = -1;             // bool, 3.11 only

    // PyCodeObject
    public int CodeSize { get; init; } = -1;
    public int CodeFilename { get; init; } = -1;
    public int CodeName { get; init; } = -1;
    public int CodeQualname { get; init; } = -1;              // 3.11+
    public int CodeFirstLineno { get; init; } = -1;           // int
    public int CodeFlags { get; init; } = -1;                 // int co_flags
    public int CodeLineTable { get; init; } = -1;             // co_lnotab (<=3.9) / co_linetable (3.10+)
    public int CodeCodeAdaptive { get; init; } = -1;          // 3.11+
    public int CodeFirstTraceable { get; init; } = -1;        // 3.11+

    // Objects
    public int ObjectType { get; init; } = 8;
    public int VarObjectSize { get; init; } = 16;
    public int TypeName { get; init; } = 24;                  // tp_name

    // bytes (3.x) / str (2.7): ob_size and ob_sval
    public int BytesSize { get; init; } = 16;
    public int BytesData { get; init; } = -1;

    // str (PEP 393, 3.x)
    public int UnicodeLength { get; init; } = -1;
    public int UnicodeState { get; init; } = -1;
    public int UnicodeAsciiData { get; init; } = -1;          // sizeof(PyASCIIObject)
    public int UnicodeCompactData { get; init; } = -1;        // sizeof(PyCompactUnicodeObject)
    public int UnicodeLegacyData { get; init; } = -1;         // PyUnicodeObject.data.any

    // Generators
    public int GenFrame { get; init; } = -1;                  // gi_frame, <=3.10
    public int GenIFrame { get; init; } = -1;                 // gi_iframe, 3.11+

    // _PyStackChunk (3.11+)
    public int ChunkPrevious { get; init; } = -1;
    public int ChunkSize { get; init; } = -1;
    public int ChunkTop { get; init; } = -1;
    public int ChunkData { get; init; } = -1;

    // Type objects (thread names: finding an object's attributes and checking an object's kind)
    public int TypeFlags { get; init; } = -1;                 // tp_flags (unsigned long)
    public int TypeDictOffset { get; init; } = -1;            // tp_dictoffset
    public int HeapTypeCachedKeys { get; init; } = -1;        // PyHeapTypeObject.ht_cached_keys, 3.x
    public int TypeFlagHeapType { get; init; } = -1;          // flag VALUE: Py_TPFLAGS_HEAPTYPE (ht_cached_keys exists)
    public int TypeFlagLongSubclass { get; init; } = -1;      // flag value: Py_TPFLAGS_LONG_SUBCLASS
    public int TypeFlagIntSubclass { get; init; } = -1;       // flag value: Py_TPFLAGS_INT_SUBCLASS, 2.7
    public int TypeFlagStrSubclass { get; init; } = -1;       // flag value: UNICODE (3.x) / STRING (2.7) subclass
    public int TypeFlagDictSubclass { get; init; } = -1;      // flag value: Py_TPFLAGS_DICT_SUBCLASS
    public int TypeFlagManagedDict { get; init; } = -1;       // flag value: Py_TPFLAGS_MANAGED_DICT, 3.11+
    public int TypeFlagInlineValues { get; init; } = -1;      // flag value: Py_TPFLAGS_INLINE_VALUES, 3.13+

    // Managed instance dicts (3.11+): pointers stored BEFORE the object, so these count bytes back from it
    public int ObjectManagedDictBefore { get; init; } = -1;   // dict (3.11, 3.13) / tagged dict-or-values (3.12)
    public int ObjectManagedValuesBefore { get; init; } = -1; // PyDictValues*, 3.11 only
    public int ObjectInlineValues { get; init; } = -1;        // inline PyDictValues at object + this, 3.13+

    // dict: 2.7 open-addressing table; 3.6+ compact dict (PyDictKeysObject: indices, then entries)
    public int DictMask { get; init; } = -1;                  // ma_mask, 2.7
    public int DictTable { get; init; } = -1;                 // ma_table, 2.7
    public int DictKeys { get; init; } = -1;                  // ma_keys, 3.x
    public int DictValues { get; init; } = -1;                // ma_values (split tables), 3.x
    public int DictKeysSize { get; init; } = -1;              // dk_size, 3.6-3.10
    public int DictKeysLog2Size { get; init; } = -1;          // uint8 dk_log2_size, 3.11+
    public int DictKeysLog2IndexBytes { get; init; } = -1;    // uint8 dk_log2_index_bytes, 3.11+
    public int DictKeysKind { get; init; } = -1;              // uint8 dk_kind, 3.11+
    public int DictKeysNentries { get; init; } = -1;          // dk_nentries, 3.x
    public int DictKeysIndices { get; init; } = -1;           // dk_indices, 3.x
    public int DictEntrySize { get; init; } = -1;             // sizeof(PyDictEntry) (2.7) / sizeof(PyDictKeyEntry)
    public int DictEntryKey { get; init; } = -1;
    public int DictEntryValue { get; init; } = -1;
    public int DictUnicodeEntrySize { get; init; } = -1;      // sizeof(PyDictUnicodeEntry), 3.11+
    public int DictUnicodeEntryKey { get; init; } = -1;
    public int DictUnicodeEntryValue { get; init; } = -1;
    public int DictValuesValues { get; init; } = -1;          // PyDictValues.values (0 on 3.6-3.10: ma_values is PyObject**)
    public int DictValuesCapacity { get; init; } = -1;        // uint8, 3.13+
    public int DictValuesValid { get; init; } = -1;           // uint8, 3.13+

    // int: 2.7 PyIntObject; PyLongObject (30-bit digits; 3.12+ size and sign packed in lv_tag)
    public int IntValue { get; init; } = -1;                  // ob_ival, 2.7
    public int LongSize { get; init; } = -1;                  // ob_size (signed digit count) / lv_tag (3.12+)
    public int LongDigits { get; init; } = -1;                // ob_digit
    public int LongDigitBits { get; init; } = -1;             // PyLong_SHIFT
    public int LongNonSizeBits { get; init; } = -1;           // _PyLong_NON_SIZE_BITS, 3.12+

    // Frame locals (-d --locals): where a frame keeps its variables and how its code object names them
    public int FrameLocalsPlus { get; init; } = -1;           // PyFrameObject.f_localsplus, <=3.10
    public int IFrameLocalsPlus { get; init; } = -1;          // _PyInterpreterFrame.localsplus, 3.11+
    public int CodeArgCount { get; init; } = -1;              // co_argcount (int)
    public int CodeKwOnlyArgCount { get; init; } = -1;        // co_kwonlyargcount (int), 3.x
    public int CodeNLocals { get; init; } = -1;               // co_nlocals (int), <=3.10
    public int CodeVarNames { get; init; } = -1;              // co_varnames tuple, <=3.10
    public int CodeCellVars { get; init; } = -1;              // co_cellvars tuple, <=3.10
    public int CodeFreeVars { get; init; } = -1;              // co_freevars tuple, <=3.10
    public int CodeLocalsPlusNames { get; init; } = -1;       // co_localsplusnames tuple, 3.11+
    public int CodeLocalsPlusKinds { get; init; } = -1;       // co_localspluskinds bytes, 3.11+

    // Value previews: containers, float, cell
    public int TupleItems { get; init; } = -1;                // PyTupleObject.ob_item
    public int ListItems { get; init; } = -1;                 // PyListObject.ob_item (PyObject **)
    public int FloatValue { get; init; } = -1;                // PyFloatObject.ob_fval
    public int CellRef { get; init; } = -1;                   // PyCellObject.ob_ref
    public int SetUsed { get; init; } = -1;                   // PySetObject.used
    public int SetMask { get; init; } = -1;                   // PySetObject.mask
    public int SetTable { get; init; } = -1;                  // PySetObject.table (setentry *)
    public int SetEntrySize { get; init; } = -1;              // sizeof(setentry)
    public int SetEntryKey { get; init; } = -1;
    public int SetEntryHash { get; init; } = -1;

    // Garbage collector: the "collecting" flag of struct _gc_runtime_state (2.7/3.6: a static in Modules/gcmodule.c)
    public int RuntimeGcCollecting { get; init; } = -1;       // _PyRuntime.gc.collecting, 3.7-3.8
    public int InterpGcCollecting { get; init; } = -1;        // PyInterpreterState.gc.collecting, 3.9+

    // ---- Behaviour derived from the version (strategies, not offsets) ----

    /// <summary>3.11+ keep frames as _PyInterpreterFrame in a per-thread data stack.</summary>
    public bool UsesInterpreterFrames => Version.AtLeast(3, 11);

    // Frame owners (enum _frameowner, Include/internal/pycore_frame.h; pycore_interpframe_structs.h from 3.14).
    // THREAD = 0, GENERATOR = 1 and FRAME_OBJECT = 2 in every 3.11+ version; the values after them moved.

    /// <summary>_PyInterpreterFrame.owner of a generator's or coroutine's frame (3.11+).</summary>
    public int OwnerGenerator => UsesInterpreterFrames ? 1 : -1;

    /// <summary>Owner of a frame kept alive by a PyFrameObject after its call returned or was torn down (3.11+).</summary>
    public int OwnerFrameObject => UsesInterpreterFrames ? 2 : -1;

    /// <summary>
    /// 3.12-3.13 (FRAME_OWNED_BY_CSTACK = 3) and 3.14 (= 4) push a C-stack "shim" frame at each C→Python entry;
    /// 3.15 has no such owner (its enum ends at FRAME_OWNED_BY_INTERPRETER).
    /// </summary>
    public int OwnerCStack => Version switch
    {
        _ when Version.AtLeast(3, 15) => -1,
        _ when Version.AtLeast(3, 14) => 4,
        _ when Version.AtLeast(3, 12) => 3,
        _ => -1,
    };

    /// <summary>3.14+ FRAME_OWNED_BY_INTERPRETER = 3: the eval loop's own entry frame and, on 3.15, the thread's base frame.</summary>
    public int OwnerInterpreter => Version.AtLeast(3, 14) ? 3 : -1;

    /// <summary>
    /// Owners from this value up carry no user code (shim, entry and base frames): 3 on 3.12+, where every such
    /// owner is numbered after FRAME_OWNED_BY_FRAME_OBJECT; -1 before (3.11 marks entries with is_entry instead).
    /// </summary>
    public int FirstNonCodeOwner => Version.AtLeast(3, 12) ? 3 : -1;

    /// <summary>True when a frame with this owner byte holds no code object of the user's (see <see cref="FirstNonCodeOwner"/>).</summary>
    public bool IsNonCodeOwner(byte owner) => FirstNonCodeOwner >= 0 && owner >= FirstNonCodeOwner;

    /// <summary>
    /// Low bits of f_executable that are a tag, not address: 3.14+ make it a _PyStackRef whose GIL-build tag
    /// is Py_TAG_BITS = 3 (Include/internal/pycore_stackref.h; immortal objects such as a module's code carry
    /// Py_TAG_REFCNT = 1). Free-threaded builds tag differently and are refused before a walk.
    /// </summary>
    public ulong ExecutableTagBits => Version.AtLeast(3, 14) ? 3UL : 0UL;

    /// <summary>3.15+: every thread's frame chain ends at its tstate->base_frame (Include/cpython/pystate.h).</summary>
    public bool ChainEndsAtBaseFrame => ThreadBaseFrame >= 0;

    /// <summary>3.15+: each thread says itself whether it holds the GIL (tstate->holds_gil).</summary>
    public bool ThreadsCarryGilFlag => ThreadHoldsGil >= 0;

    /// <summary>
    /// The owner of the frame at the bottom of every thread's chain (its previous is NULL): 3.11 the thread's first
    /// frame (FRAME_OWNED_BY_THREAD = 0); 3.12-3.13 the C-stack entry frame _PyEval_EvalFrameDefault pushes before
    /// any Python frame (FRAME_OWNED_BY_CSTACK = 3; Include/internal/pycore_frame.h, Python/ceval.c); 3.14 that
    /// entry frame is FRAME_OWNED_BY_INTERPRETER = 3 (not CSTACK = 4; pycore_interpframe_structs.h); 3.15 the
    /// thread's base_frame, also owner 3, below the entry frame. 3.14 and 3.15 seen on Debian's 3.14.10 and
    /// 3.15.2. A chain that ends at any other frame (a generator's or a frame object's, whose previous link is
    /// cleared when it suspends or returns) was read while it changed. -1 before 3.11, where
    /// <see cref="SuspendableCodeFlags"/> serves.
    /// </summary>
    public int ThreadBottomOwner => Version.AtLeast(3, 12) ? 3 : Version.AtLeast(3, 11) ? 0 : -1;

    /// <summary>
    /// co_flags of code whose frames can suspend (CO_GENERATOR 0x20; 3.x also CO_COROUTINE 0x80,
    /// CO_ITERABLE_COROUTINE 0x100, CO_ASYNC_GENERATOR 0x200; Include/code.h). Before 3.11 a suspended
    /// generator's frame has f_back NULL (gen_send_ex in Objects/genobject.c), so a chain ending at such code
    /// lost its callers to a torn read.
    /// </summary>
    public int SuspendableCodeFlags => Version.Major == 2 ? 0x20 : 0x20 | 0x80 | 0x100 | 0x200;

    public LineTableFormat LineTableFormat => Version switch
    {
        { Major: 2 } => LineTableFormat.LnotabUnsigned,
        _ when Version.AtLeast(3, 11) => LineTableFormat.LocationTable,
        _ when Version.AtLeast(3, 10) => LineTableFormat.LineTable310,
        _ => LineTableFormat.LnotabSigned,
    };

    /// <summary>f_lasti counts bytes up to 3.9 and code units (2 bytes) in 3.10.</summary>
    public int LastiScale => Version.Major == 3 && Version.Minor == 10 ? 2 : 1;

    public GilModel GilModel => Version switch
    {
        _ when Version.AtLeast(3, 12) => GilModel.InterpreterGil,
        _ when Version.AtLeast(3, 7) => GilModel.RuntimeTstateCurrent,
        _ => GilModel.ThreadStateCurrentSymbol,
    };

    /// <summary>2.7 names are byte strings (PyStringObject); 3.x are PEP 393 str.</summary>
    public bool NamesAreBytes => Version.Major == 2;

    /// <summary>threading.Thread's name attribute: 2.7 mangles the private name (Lib/threading.py).</summary>
    public string ThreadNameAttribute => Version.Major == 2 ? "_Thread__name" : "_name";
}
