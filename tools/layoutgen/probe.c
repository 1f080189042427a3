/*
 * Layout probe: prints the offsetof/sizeof of every field Pyflame reads, measured against ONE
 * CPython version's installed headers (the include path decides which). Compiled and run by
 * generate.sh once per version; the output feeds GeneratedLayouts.g.cs.
 *
 * Output: "VERSION major minor micro", then one "Property value" line per PyLayout offset property,
 * in PyLayout's declaration order. -1 means the field does not exist in this version.
 *
 * Header locations per version:
 *   3.7  internal/pystate.h; 3.8 internal/pycore_pystate.h; 3.9+ pycore_runtime.h + pycore_interp.h;
 *   3.11+ also pycore_frame.h (which includes pycore_interpframe_structs.h from 3.14 on).
 */
#define Py_BUILD_CORE 1
#include <Python.h>
#include <stddef.h>
#include <stdio.h>

#define PY_AT_LEAST(major, minor) (PY_VERSION_HEX >= (((major) << 24) | ((minor) << 16)))

#if PY_VERSION_HEX < 0x030B0000
/* 3.11+ Python.h already declares PyCodeObject (cpython/code.h); older ones need these. */
#include "frameobject.h"
#include "code.h"
#endif

#if PY_AT_LEAST(3, 9)
#include "internal/pycore_runtime.h"
#include "internal/pycore_interp.h"
#elif PY_AT_LEAST(3, 8)
#include "internal/pycore_pystate.h"
#elif PY_AT_LEAST(3, 7)
#include "internal/pystate.h"
#endif

#if PY_AT_LEAST(3, 11)
#include "internal/pycore_frame.h"
#endif

#if PY_AT_LEAST(3, 13)
/* 3.13 moved the PyGenObject definition out of the public headers. */
#include "internal/pycore_genobject.h"
#endif

#if PY_AT_LEAST(3, 11)
/* PyDictKeysObject, PyDictValues and the managed-dict accessors became (internal) headers in 3.11. */
#include "internal/pycore_dict.h"
#include "internal/pycore_object.h"
#else
/* Python.h does not include the PyLongObject definition before 3.11. */
#include "longintrepr.h"
#endif

#if PY_MAJOR_VERSION == 3 && !PY_AT_LEAST(3, 11)
/*
 * 3.6-3.10 keep PyDictKeysObject in Objects/dict-common.h, which is not installed. This mirror is
 * that file's struct (identical in 3.6-3.10 up to dk_indices: 3.6 declares dk_indices as a union of
 * arrays, 3.7-3.10 as char[], both at the same offset); the live-process tests check it per version.
 */
typedef struct {
    Py_hash_t me_hash;
    PyObject *me_key;
    PyObject *me_value;
} probe_dict_key_entry;

typedef struct {
    Py_ssize_t dk_refcnt;
    Py_ssize_t dk_size;
    void *dk_lookup;
    Py_ssize_t dk_usable;
    Py_ssize_t dk_nentries;
    char dk_indices[];
} probe_dict_keys;
#endif

static void emit(const char *name, long value) { printf("%s %ld\n", name, value); }

#define OFF(name, type, member) emit(name, (long)offsetof(type, member))
#define SIZE(name, type) emit(name, (long)sizeof(type))
#define ABSENT(name) emit(name, -1L)

static void runtime_state(void)
{
#if PY_AT_LEAST(3, 7)
    OFF("RuntimeInterpretersHead", _PyRuntimeState, interpreters.head);
    OFF("RuntimeInterpretersMain", _PyRuntimeState, interpreters.main);
#else
    ABSENT("RuntimeInterpretersHead");
    ABSENT("RuntimeInterpretersMain");
#endif
#if PY_AT_LEAST(3, 7) && !PY_AT_LEAST(3, 12)
    /* 3.12 moved the current tstate into a C thread-local and the GIL into the interpreter. */
    OFF("RuntimeTstateCurrent", _PyRuntimeState, gilstate.tstate_current);
    OFF("RuntimeGilLocked", _PyRuntimeState, ceval.gil.locked);
    OFF("RuntimeGilLastHolder", _PyRuntimeState, ceval.gil.last_holder);
#else
    ABSENT("RuntimeTstateCurrent");
    ABSENT("RuntimeGilLocked");
    ABSENT("RuntimeGilLastHolder");
#endif
}

static void interpreter_state(void)
{
    OFF("InterpNext", PyInterpreterState, next);
#if PY_AT_LEAST(3, 11)
    OFF("InterpThreadsHead", PyInterpreterState, threads.head);
#else
    OFF("InterpThreadsHead", PyInterpreterState, tstate_head);
#endif
#if PY_AT_LEAST(3, 7)
    OFF("InterpId", PyInterpreterState, id);
#else
    ABSENT("InterpId");
#endif
#if PY_AT_LEAST(3, 12)
    OFF("InterpModules", PyInterpreterState, imports.modules);
    OFF("InterpCevalGil", PyInterpreterState, ceval.gil);
#else
    OFF("InterpModules", PyInterpreterState, modules);
    ABSENT("InterpCevalGil");
#endif
#if PY_AT_LEAST(3, 7)
    OFF("GilLastHolder", struct _gil_runtime_state, last_holder);
    OFF("GilLocked", struct _gil_runtime_state, locked);
#else
    ABSENT("GilLastHolder");
    ABSENT("GilLocked");
#endif
}

static void thread_state(void)
{
#if PY_MAJOR_VERSION >= 3
    OFF("ThreadPrev", PyThreadState, prev);
#else
    ABSENT("ThreadPrev");
#endif
    OFF("ThreadNext", PyThreadState, next);
    OFF("ThreadInterp", PyThreadState, interp);
#if PY_AT_LEAST(3, 13)
    OFF("ThreadFrame", PyThreadState, current_frame);
    ABSENT("ThreadCFrame");
    ABSENT("CFrameCurrentFrame");
#elif PY_AT_LEAST(3, 11)
    ABSENT("ThreadFrame");
    OFF("ThreadCFrame", PyThreadState, cframe);
    OFF("CFrameCurrentFrame", _PyCFrame, current_frame);
#else
    OFF("ThreadFrame", PyThreadState, frame);
    ABSENT("ThreadCFrame");
    ABSENT("CFrameCurrentFrame");
#endif
    OFF("ThreadThreadId", PyThreadState, thread_id);
#if PY_AT_LEAST(3, 11)
    OFF("ThreadNativeThreadId", PyThreadState, native_thread_id);
    OFF("ThreadDatastackChunk", PyThreadState, datastack_chunk);
#else
    ABSENT("ThreadNativeThreadId");
    ABSENT("ThreadDatastackChunk");
#endif
#if PY_AT_LEAST(3, 15)
    /* Include/cpython/pystate.h. 3.14 has holds_gil too, but 3.15 is where _Py_DebugOffsets publish these
       fields, so that a patch release moving them cannot mislead the walker; 3.15 is where it uses them. */
    OFF("ThreadBaseFrame", PyThreadState, base_frame);
    OFF("ThreadHoldsGil", PyThreadState, holds_gil);
    OFF("ThreadGilRequested", PyThreadState, gil_requested);
#else
    ABSENT("ThreadBaseFrame");
    ABSENT("ThreadHoldsGil");
    ABSENT("ThreadGilRequested");
#endif
}

static void frames(void)
{
#if PY_AT_LEAST(3, 11)
    ABSENT("FrameBack");
    ABSENT("FrameCode");
    ABSENT("FrameLasti");
    ABSENT("FrameLineno");
    SIZE("IFrameSize", _PyInterpreterFrame);
    OFF("IFramePrevious", _PyInterpreterFrame, previous);
#if PY_AT_LEAST(3, 13)
    OFF("IFrameCode", _PyInterpreterFrame, f_executable);
    OFF("IFrameInstrPtr", _PyInterpreterFrame, instr_ptr);
#else
    OFF("IFrameCode", _PyInterpreterFrame, f_code);
    OFF("IFrameInstrPtr", _PyInterpreterFrame, prev_instr);
#endif
    OFF("IFrameOwner", _PyInterpreterFrame, owner);
#if PY_AT_LEAST(3, 12)
    ABSENT("IFrameIsEntry");
#else
    OFF("IFrameIsEntry", _PyInterpreterFrame, is_entry);
#endif
#else
    OFF("FrameBack", PyFrameObject, f_back);
    OFF("FrameCode", PyFrameObject, f_code);
    OFF("FrameLasti", PyFrameObject, f_lasti);
    OFF("FrameLineno", PyFrameObject, f_lineno);
    ABSENT("IFrameSize");
    ABSENT("IFramePrevious");
    ABSENT("IFrameCode");
    ABSENT("IFrameInstrPtr");
    ABSENT("IFrameOwner");
    ABSENT("IFrameIsEntry");
#endif
}

static void code_object(void)
{
    SIZE("CodeSize", PyCodeObject);
    OFF("CodeFilename", PyCodeObject, co_filename);
    OFF("CodeName", PyCodeObject, co_name);
#if PY_AT_LEAST(3, 11)
    OFF("CodeQualname", PyCodeObject, co_qualname);
#else
    ABSENT("CodeQualname");
#endif
    OFF("CodeFirstLineno", PyCodeObject, co_firstlineno);
    OFF("CodeFlags", PyCodeObject, co_flags);
#if PY_AT_LEAST(3, 10)
    OFF("CodeLineTable", PyCodeObject, co_linetable);
#else
    OFF("CodeLineTable", PyCodeObject, co_lnotab);
#endif
#if PY_AT_LEAST(3, 11)
    OFF("CodeCodeAdaptive", PyCodeObject, co_code_adaptive);
    OFF("CodeFirstTraceable", PyCodeObject, _co_firsttraceable);
#else
    ABSENT("CodeCodeAdaptive");
    ABSENT("CodeFirstTraceable");
#endif
}

static void objects(void)
{
    OFF("ObjectType", PyObject, ob_type);
    OFF("VarObjectSize", PyVarObject, ob_size);
    OFF("TypeName", PyTypeObject, tp_name);
#if PY_MAJOR_VERSION >= 3
    OFF("BytesSize", PyBytesObject, ob_base.ob_size);
    OFF("BytesData", PyBytesObject, ob_sval);
    OFF("UnicodeLength", PyASCIIObject, length);
    OFF("UnicodeState", PyASCIIObject, state);
    SIZE("UnicodeAsciiData", PyASCIIObject);
    SIZE("UnicodeCompactData", PyCompactUnicodeObject);
    OFF("UnicodeLegacyData", PyUnicodeObject, data);
#else
    /* 2.7 code-object names are PyStringObject (byte strings); its PyObject_VAR_HEAD is inlined. */
    OFF("BytesSize", PyStringObject, ob_size);
    OFF("BytesData", PyStringObject, ob_sval);
    ABSENT("UnicodeLength");
    ABSENT("UnicodeState");
    ABSENT("UnicodeAsciiData");
    ABSENT("UnicodeCompactData");
    ABSENT("UnicodeLegacyData");
#endif
}

static void generators_and_chunks(void)
{
#if PY_AT_LEAST(3, 11)
    ABSENT("GenFrame");
    OFF("GenIFrame", PyGenObject, gi_iframe);
    OFF("ChunkPrevious", _PyStackChunk, previous);
    OFF("ChunkSize", _PyStackChunk, size);
    OFF("ChunkTop", _PyStackChunk, top);
    OFF("ChunkData", _PyStackChunk, data);
#else
    OFF("GenFrame", PyGenObject, gi_frame);
    ABSENT("GenIFrame");
    ABSENT("ChunkPrevious");
    ABSENT("ChunkSize");
    ABSENT("ChunkTop");
    ABSENT("ChunkData");
#endif
}

static void types(void)
{
    OFF("TypeFlags", PyTypeObject, tp_flags);
    OFF("TypeDictOffset", PyTypeObject, tp_dictoffset);
#if PY_MAJOR_VERSION >= 3
    OFF("HeapTypeCachedKeys", PyHeapTypeObject, ht_cached_keys);
#else
    ABSENT("HeapTypeCachedKeys");
#endif
    emit("TypeFlagHeapType", (long)Py_TPFLAGS_HEAPTYPE);
    emit("TypeFlagLongSubclass", (long)Py_TPFLAGS_LONG_SUBCLASS);
#if PY_MAJOR_VERSION >= 3
    ABSENT("TypeFlagIntSubclass");
    emit("TypeFlagStrSubclass", (long)Py_TPFLAGS_UNICODE_SUBCLASS);
#else
    emit("TypeFlagIntSubclass", (long)Py_TPFLAGS_INT_SUBCLASS);
    /* 2.7 names (thread names included) are PyStringObject, like code-object names. */
    emit("TypeFlagStrSubclass", (long)Py_TPFLAGS_STRING_SUBCLASS);
#endif
    emit("TypeFlagDictSubclass", (long)Py_TPFLAGS_DICT_SUBCLASS);
#if PY_AT_LEAST(3, 11)
    emit("TypeFlagManagedDict", (long)Py_TPFLAGS_MANAGED_DICT);
#else
    ABSENT("TypeFlagManagedDict");
#endif
#if PY_AT_LEAST(3, 13)
    emit("TypeFlagInlineValues", (long)Py_TPFLAGS_INLINE_VALUES);
#else
    ABSENT("TypeFlagInlineValues");
#endif
}

#if PY_AT_LEAST(3, 11)
/*
 * The managed-dict slots are only reachable through the headers' inline accessors, so call them on a
 * fake object (with room before it) whose fake type carries the flags the accessors assert on, and
 * measure where the returned pointers land relative to the object.
 */
static PyTypeObject probe_type;
static struct {
    PyObject *pre_header[8];
    PyObject object;
    PyObject *inline_values[8];
} probe_instance;

static long bytes_before(const void *slot) { return (long)((const char *)&probe_instance.object - (const char *)slot); }
#endif

static void managed_dicts(void)
{
#if PY_AT_LEAST(3, 11)
    probe_type.tp_flags = Py_TPFLAGS_MANAGED_DICT;
#if PY_AT_LEAST(3, 13)
    probe_type.tp_flags |= Py_TPFLAGS_INLINE_VALUES;
#endif
    probe_type.tp_basicsize = sizeof(PyObject);
    probe_instance.object.ob_type = &probe_type;
    PyObject *obj = &probe_instance.object;
#endif
#if PY_AT_LEAST(3, 13)
    emit("ObjectManagedDictBefore", bytes_before(_PyObject_ManagedDictPointer(obj)));
    ABSENT("ObjectManagedValuesBefore");
    emit("ObjectInlineValues", -bytes_before(_PyObject_InlineValues(obj)));
#elif PY_AT_LEAST(3, 12)
    emit("ObjectManagedDictBefore", bytes_before(_PyObject_DictOrValuesPointer(obj)));
    ABSENT("ObjectManagedValuesBefore");
    ABSENT("ObjectInlineValues");
#elif PY_AT_LEAST(3, 11)
    emit("ObjectManagedDictBefore", bytes_before(_PyObject_ManagedDictPointer(obj)));
    emit("ObjectManagedValuesBefore", bytes_before(_PyObject_ValuesPointer(obj)));
    ABSENT("ObjectInlineValues");
#else
    ABSENT("ObjectManagedDictBefore");
    ABSENT("ObjectManagedValuesBefore");
    ABSENT("ObjectInlineValues");
#endif
}

static void dicts(void)
{
#if PY_MAJOR_VERSION == 2
    OFF("DictMask", PyDictObject, ma_mask);
    OFF("DictTable", PyDictObject, ma_table);
    ABSENT("DictKeys");
    ABSENT("DictValues");
    ABSENT("DictKeysSize");
    ABSENT("DictKeysLog2Size");
    ABSENT("DictKeysLog2IndexBytes");
    ABSENT("DictKeysKind");
    ABSENT("DictKeysNentries");
    ABSENT("DictKeysIndices");
    SIZE("DictEntrySize", PyDictEntry);
    OFF("DictEntryKey", PyDictEntry, me_key);
    OFF("DictEntryValue", PyDictEntry, me_value);
    ABSENT("DictUnicodeEntrySize");
    ABSENT("DictUnicodeEntryKey");
    ABSENT("DictUnicodeEntryValue");
    ABSENT("DictValuesValues");
    ABSENT("DictValuesCapacity");
    ABSENT("DictValuesValid");
#else
    ABSENT("DictMask");
    ABSENT("DictTable");
    OFF("DictKeys", PyDictObject, ma_keys);
    OFF("DictValues", PyDictObject, ma_values);
#if PY_AT_LEAST(3, 11)
    ABSENT("DictKeysSize");
    OFF("DictKeysLog2Size", PyDictKeysObject, dk_log2_size);
    OFF("DictKeysLog2IndexBytes", PyDictKeysObject, dk_log2_index_bytes);
    OFF("DictKeysKind", PyDictKeysObject, dk_kind);
    OFF("DictKeysNentries", PyDictKeysObject, dk_nentries);
    OFF("DictKeysIndices", PyDictKeysObject, dk_indices);
    SIZE("DictEntrySize", PyDictKeyEntry);
    OFF("DictEntryKey", PyDictKeyEntry, me_key);
    OFF("DictEntryValue", PyDictKeyEntry, me_value);
    SIZE("DictUnicodeEntrySize", PyDictUnicodeEntry);
    OFF("DictUnicodeEntryKey", PyDictUnicodeEntry, me_key);
    OFF("DictUnicodeEntryValue", PyDictUnicodeEntry, me_value);
    OFF("DictValuesValues", PyDictValues, values);
#else
    OFF("DictKeysSize", probe_dict_keys, dk_size);
    ABSENT("DictKeysLog2Size");
    ABSENT("DictKeysLog2IndexBytes");
    ABSENT("DictKeysKind");
    OFF("DictKeysNentries", probe_dict_keys, dk_nentries);
    OFF("DictKeysIndices", probe_dict_keys, dk_indices);
    SIZE("DictEntrySize", probe_dict_key_entry);
    OFF("DictEntryKey", probe_dict_key_entry, me_key);
    OFF("DictEntryValue", probe_dict_key_entry, me_value);
    ABSENT("DictUnicodeEntrySize");
    ABSENT("DictUnicodeEntryKey");
    ABSENT("DictUnicodeEntryValue");
    /* ma_values is a plain PyObject ** here: the values start where it points. */
    emit("DictValuesValues", 0L);
#endif
#if PY_AT_LEAST(3, 13)
    OFF("DictValuesCapacity", PyDictValues, capacity);
    OFF("DictValuesValid", PyDictValues, valid);
#else
    ABSENT("DictValuesCapacity");
    ABSENT("DictValuesValid");
#endif
#endif
}

static void ints(void)
{
#if PY_MAJOR_VERSION == 2
    OFF("IntValue", PyIntObject, ob_ival);
    OFF("LongSize", PyLongObject, ob_size);
#else
    ABSENT("IntValue");
#if PY_AT_LEAST(3, 12)
    OFF("LongSize", PyLongObject, long_value.lv_tag);
#else
    OFF("LongSize", PyLongObject, ob_base.ob_size);
#endif
#endif
#if PY_AT_LEAST(3, 12)
    OFF("LongDigits", PyLongObject, long_value.ob_digit);
#else
    OFF("LongDigits", PyLongObject, ob_digit);
#endif
    emit("LongDigitBits", (long)PyLong_SHIFT);
#if PY_AT_LEAST(3, 12)
    emit("LongNonSizeBits", (long)_PyLong_NON_SIZE_BITS);
#else
    ABSENT("LongNonSizeBits");
#endif
}

static void frame_locals(void)
{
#if PY_AT_LEAST(3, 11)
    ABSENT("FrameLocalsPlus");
    OFF("IFrameLocalsPlus", _PyInterpreterFrame, localsplus);
#else
    OFF("FrameLocalsPlus", PyFrameObject, f_localsplus);
    ABSENT("IFrameLocalsPlus");
#endif
    OFF("CodeArgCount", PyCodeObject, co_argcount);
#if PY_MAJOR_VERSION >= 3
    OFF("CodeKwOnlyArgCount", PyCodeObject, co_kwonlyargcount);
#else
    ABSENT("CodeKwOnlyArgCount");
#endif
#if PY_AT_LEAST(3, 11)
    ABSENT("CodeNLocals");
    ABSENT("CodeVarNames");
    ABSENT("CodeCellVars");
    ABSENT("CodeFreeVars");
    OFF("CodeLocalsPlusNames", PyCodeObject, co_localsplusnames);
    OFF("CodeLocalsPlusKinds", PyCodeObject, co_localspluskinds);
#else
    OFF("CodeNLocals", PyCodeObject, co_nlocals);
    OFF("CodeVarNames", PyCodeObject, co_varnames);
    OFF("CodeCellVars", PyCodeObject, co_cellvars);
    OFF("CodeFreeVars", PyCodeObject, co_freevars);
    ABSENT("CodeLocalsPlusNames");
    ABSENT("CodeLocalsPlusKinds");
#endif
}

static void value_previews(void)
{
    OFF("TupleItems", PyTupleObject, ob_item);
    OFF("ListItems", PyListObject, ob_item);
    OFF("FloatValue", PyFloatObject, ob_fval);
    OFF("CellRef", PyCellObject, ob_ref);
    OFF("SetUsed", PySetObject, used);
    OFF("SetMask", PySetObject, mask);
    OFF("SetTable", PySetObject, table);
    SIZE("SetEntrySize", setentry);
    OFF("SetEntryKey", setentry, key);
    OFF("SetEntryHash", setentry, hash);
}

static void garbage_collector(void)
{
#if PY_AT_LEAST(3, 9)
    ABSENT("RuntimeGcCollecting");
    OFF("InterpGcCollecting", PyInterpreterState, gc.collecting);
#elif PY_AT_LEAST(3, 7)
    OFF("RuntimeGcCollecting", _PyRuntimeState, gc.collecting);
    ABSENT("InterpGcCollecting");
#else
    /* 2.7/3.6: a static int in Modules/gcmodule.c, found by its local symbol (PythonRuntime). */
    ABSENT("RuntimeGcCollecting");
    ABSENT("InterpGcCollecting");
#endif
}

int main(void)
{
    printf("VERSION %d %d %d\n", PY_MAJOR_VERSION, PY_MINOR_VERSION, PY_MICRO_VERSION);
    runtime_state();
    interpreter_state();
    thread_state();
    frames();
    code_object();
    objects();
    generators_and_chunks();
    types();
    managed_dicts();
    dicts();
    ints();
    frame_locals();
    value_previews();
    garbage_collector();
    return 0;
}
