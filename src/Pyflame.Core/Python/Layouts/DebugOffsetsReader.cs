using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Pyflame.Core.Memory;

namespace Pyflame.Core.Python.Layouts;

/// <summary>
/// Reads CPython 3.13+'s <c>_Py_DebugOffsets</c> (the first field of <c>_PyRuntime</c>): offsets the target build
/// computed with its own offsetof, so they are right for its exact patch level and build options. The schema comes
/// from the header's version (<see cref="DebugOffsetsSchemas"/>). The table is untrusted input: struct sizes must be
/// plausible and every field the walker uses must be aligned for its type and lie inside its struct, else the whole
/// table is refused with one reason. Fields the table does not carry come from the generated table of the same minor.
/// </summary>
public static class DebugOffsetsReader
{
    /// <summary>"xdebugpy", the cookie CPython writes at offset 0 of the debug offsets.</summary>
    private static ReadOnlySpan<byte> Cookie => "xdebugpy"u8;

    /// <summary>Plausibility bound for a struct size: the largest (_PyRuntimeState) is a few hundred KB.</summary>
    private const ulong MaxStructSize = 16 * 1024 * 1024;

    /// <summary>The largest schema; the read buffer is sized by our schemas, never by the target.</summary>
    private static readonly int MaxTableSize = DebugOffsetsSchemas.All.Max(schema => schema.TotalSize);

    /// <summary>Every field the walker takes from the table, with its C type's width (= its alignment on x86-64).</summary>
    private static readonly (string Field, int Width)[] UsedFields =
    [
        ("runtime_state.interpreters_head", 8),
        ("interpreter_state.id", 8), ("interpreter_state.next", 8), ("interpreter_state.threads_head", 8),
        ("interpreter_state.imports_modules", 8), ("interpreter_state.ceval_gil", 8), ("interpreter_state.gil_runtime_state", 8),
        ("interpreter_state.gil_runtime_state_locked", 4), ("interpreter_state.gil_runtime_state_holder", 8),
        ("thread_state.prev", 8), ("thread_state.next", 8), ("thread_state.interp", 8), ("thread_state.current_frame", 8),
        ("thread_state.base_frame", 8), ("thread_state.thread_id", 8), ("thread_state.native_thread_id", 8),
        ("thread_state.datastack_chunk", 8), ("thread_state.holds_gil", 4), ("thread_state.gil_requested", 4),
        ("interpreter_frame.previous", 8), ("interpreter_frame.executable", 8), ("interpreter_frame.instr_ptr", 8),
        ("interpreter_frame.owner", 1),
        ("code_object.filename", 8), ("code_object.name", 8), ("code_object.qualname", 8), ("code_object.linetable", 8),
        ("code_object.firstlineno", 4), ("code_object.co_code_adaptive", 1),
        ("pyobject.ob_type", 8),
        ("type_object.tp_name", 8), ("type_object.tp_flags", 8), ("type_object.tp_dictoffset", 8),
        ("heap_type_object.ht_cached_keys", 8),
        ("tuple_object.ob_size", 8),
        ("dict_object.ma_keys", 8), ("dict_object.ma_values", 8),
        ("long_object.lv_tag", 8), ("long_object.ob_digit", 4),
        ("bytes_object.ob_size", 8), ("bytes_object.ob_sval", 1),
        ("unicode_object.state", 4), ("unicode_object.length", 8),
        ("gen_object.gi_iframe", 8),
    ];

    /// <summary>Fields that are sizes of a prefix of their struct, not offsets in it.</summary>
    private static readonly string[] PrefixSizes = ["unicode_object.asciiobject_size", "unicode_object.compactunicodeobject_size"];

    private static readonly PropertyInfo[] OffsetProperties = typeof(PyLayout)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(property => property.PropertyType == typeof(int) && property.SetMethod is not null)
        .ToArray();

    /// <summary>
    /// Reads the cookie, version and free-threaded flag at <paramref name="runtimeAddress"/> (= <c>_PyRuntime</c>).
    /// False when there is no table there (unreadable, or no cookie): a build without debug offsets.
    /// </summary>
    public static bool TryReadHeader(IMemoryReader memory, ulong runtimeAddress, out DebugOffsetsHeader header)
    {
        header = default;
        Span<byte> block = stackalloc byte[DebugOffsetsSchema.HeaderSize];
        if (runtimeAddress == 0 || !memory.TryReadExact(runtimeAddress, block) || !block[..8].SequenceEqual(Cookie))
        {
            return false;
        }

        header = new DebugOffsetsHeader(BinaryPrimitives.ReadUInt64LittleEndian(block[8..]), BinaryPrimitives.ReadUInt64LittleEndian(block[16..]) != 0);
        return true;
    }

    /// <summary>
    /// Reads the debug offsets at <paramref name="runtimeAddress"/> (= address of <c>_PyRuntime</c>).
    /// <paramref name="generatedFallback"/> must be the generated table of the same minor version; it
    /// supplies what the debug offsets do not describe. Returns false with a reason, never throws.
    /// </summary>
    public static bool TryRead(
        IMemoryReader memory,
        ulong runtimeAddress,
        PyLayout generatedFallback,
        [MaybeNullWhen(false)] out PyLayout layout,
        out string? problem)
    {
        layout = null;
        if (!memory.TryReadExact(runtimeAddress, stackalloc byte[DebugOffsetsSchema.HeaderSize]))
        {
            problem = $"cannot read _Py_DebugOffsets header at 0x{runtimeAddress:x}";
            return false;
        }

        if (!TryReadHeader(memory, runtimeAddress, out DebugOffsetsHeader header))
        {
            problem = $"no _Py_DebugOffsets cookie at 0x{runtimeAddress:x}";
            return false;
        }

        if (header.FreeThreaded)
        {
            problem = $"Python {header.Describe()} is a free-threaded build, which Pyflame cannot read yet (its objects and frames are laid out differently); profile a build with the GIL";
            return false;
        }

        if (DebugOffsetsSchemas.Find(header.VersionHex, out problem) is not { } schema)
        {
            return false;
        }

        PythonVersion version = header.Version;
        if (generatedFallback.Version.Major != version.Major || generatedFallback.Version.Minor != version.Minor)
        {
            problem = $"fallback layout is for {generatedFallback.Version}, target is {version}";
            return false;
        }

        Span<byte> buffer = stackalloc byte[MaxTableSize];
        Span<byte> block = buffer[..schema.TotalSize];
        if (!memory.TryReadExact(runtimeAddress, block))
        {
            problem = $"_Py_DebugOffsets at 0x{runtimeAddress:x} is truncated (need {schema.TotalSize} bytes)";
            return false;
        }

        if (!TryValidate(block, schema, out problem))
        {
            problem = $"the target's _Py_DebugOffsets (Python {header.Describe()}) are corrupt: {problem}";
            return false;
        }

        layout = Build(new DebugOffsetsTable(block, schema), version, generatedFallback);
        return true;
    }

    /// <summary>
    /// Names the offset properties whose values differ between two layouts, as "Name: a vs b"
    /// (Version and Source are ignored), e.g. to warn when a target disagrees with our table.
    /// </summary>
    public static IReadOnlyList<string> Differences(PyLayout a, PyLayout b)
    {
        List<string> differences = [];
        foreach (PropertyInfo property in OffsetProperties)
        {
            int left = (int)property.GetValue(a)!;
            int right = (int)property.GetValue(b)!;
            if (left != right)
            {
                differences.Add($"{property.Name}: {left} vs {right}");
            }
        }

        return differences;
    }

    private static PyLayout Build(DebugOffsetsTable table, PythonVersion version, PyLayout fallback)
    {
        int gilState = table.Get("interpreter_state.gil_runtime_state");
        int runtimeHead = table.Get("runtime_state.interpreters_head");
        int objectType = table.Get("pyobject.ob_type");

        // Objects embedded in a PyObject (code, generator) shift when the object header grows, as in
        // free-threaded builds (ob_type 8 -> 24, Include/object.h); shift the fallback's object-relative fields
        // by the same amount.
        int objectHeaderGrowth = objectType - fallback.ObjectType;

        // PyUnicodeObject is PyCompactUnicodeObject followed by one data pointer (Include/cpython/
        // unicodeobject.h), so the legacy data starts at sizeof(PyUnicodeObject) - 8; 3.15 publishes
        // sizeof(PyCompactUnicodeObject), where compact non-ASCII data starts.
        int legacyData = table.Get("unicode_object.size") - 8;

        return fallback with
        {
            Version = version,
            Source = "_Py_DebugOffsets",
            RuntimeInterpretersHead = runtimeHead,
            // interpreters.main follows interpreters.head; keep the generated distance between them.
            RuntimeInterpretersMain = runtimeHead + (fallback.RuntimeInterpretersMain - fallback.RuntimeInterpretersHead),
            InterpNext = table.Get("interpreter_state.next"),
            InterpThreadsHead = table.Get("interpreter_state.threads_head"),
            InterpId = table.Get("interpreter_state.id"),
            InterpModules = table.Get("interpreter_state.imports_modules"),
            InterpCevalGil = table.Get("interpreter_state.ceval_gil"),
            // The table gives interp-relative offsets of the main GIL's fields; ceval.gil may point at
            // another interpreter's GIL, so the walker needs them relative to the GIL struct itself.
            GilLastHolder = table.Get("interpreter_state.gil_runtime_state_holder") - gilState,
            GilLocked = table.Get("interpreter_state.gil_runtime_state_locked") - gilState,
            ThreadPrev = table.Get("thread_state.prev"),
            ThreadNext = table.Get("thread_state.next"),
            ThreadInterp = table.Get("thread_state.interp"),
            ThreadFrame = table.Get("thread_state.current_frame"),
            ThreadThreadId = table.Get("thread_state.thread_id"),
            ThreadNativeThreadId = table.Get("thread_state.native_thread_id"),
            ThreadDatastackChunk = table.Get("thread_state.datastack_chunk"),
            ThreadBaseFrame = table.GetOr("thread_state.base_frame", fallback.ThreadBaseFrame),
            ThreadHoldsGil = table.GetOr("thread_state.holds_gil", fallback.ThreadHoldsGil),
            ThreadGilRequested = table.GetOr("thread_state.gil_requested", fallback.ThreadGilRequested),
            IFrameSize = table.Get("interpreter_frame.size"),
            IFramePrevious = table.Get("interpreter_frame.previous"),
            IFrameCode = table.Get("interpreter_frame.executable"),
            IFrameInstrPtr = table.Get("interpreter_frame.instr_ptr"),
            IFrameOwner = table.Get("interpreter_frame.owner"),
            CodeSize = table.Get("code_object.size"),
            CodeFilename = table.Get("code_object.filename"),
            CodeName = table.Get("code_object.name"),
            CodeQualname = table.Get("code_object.qualname"),
            CodeFirstLineno = table.Get("code_object.firstlineno"),
            CodeLineTable = table.Get("code_object.linetable"),
            CodeCodeAdaptive = table.Get("code_object.co_code_adaptive"),
            CodeFirstTraceable = Shift(fallback.CodeFirstTraceable, objectHeaderGrowth),
            ObjectType = objectType,
            VarObjectSize = table.Get("tuple_object.ob_size"),
            TypeName = table.Get("type_object.tp_name"),
            TypeFlags = table.Get("type_object.tp_flags"),
            TypeDictOffset = table.GetOr("type_object.tp_dictoffset", fallback.TypeDictOffset),
            HeapTypeCachedKeys = table.GetOr("heap_type_object.ht_cached_keys", fallback.HeapTypeCachedKeys),
            DictKeys = table.Get("dict_object.ma_keys"),
            DictValues = table.Get("dict_object.ma_values"),
            LongSize = table.Get("long_object.lv_tag"),
            LongDigits = table.Get("long_object.ob_digit"),
            BytesSize = table.Get("bytes_object.ob_size"),
            BytesData = table.Get("bytes_object.ob_sval"),
            UnicodeLength = table.Get("unicode_object.length"),
            UnicodeState = table.Get("unicode_object.state"),
            UnicodeAsciiData = table.Get("unicode_object.asciiobject_size"),
            UnicodeCompactData = table.GetOr("unicode_object.compactunicodeobject_size", legacyData),
            UnicodeLegacyData = legacyData,
            GenIFrame = table.GetOr("gen_object.gi_iframe", Shift(fallback.GenIFrame, objectHeaderGrowth)),
        };
    }

    /// <summary>
    /// Refuses a table that cannot describe a real build: a struct size of 0 or beyond <see cref="MaxStructSize"/>,
    /// a used field not aligned for its type or not wholly inside its struct, GIL fields outside the interpreter.
    /// </summary>
    private static bool TryValidate(ReadOnlySpan<byte> block, DebugOffsetsSchema schema, out string? problem)
    {
        Dictionary<string, ulong> sizes = new(StringComparer.Ordinal);
        foreach (DebugOffsetsSection section in schema.Sections.Where(s => s.SizePosition >= 0))
        {
            ulong size = BinaryPrimitives.ReadUInt64LittleEndian(block[section.SizePosition..]);
            if (size < sizeof(byte) || size > MaxStructSize)
            {
                problem = $"{section.Name}.size = {size} is implausible";
                return false;
            }

            sizes[section.Name] = size;
        }

        foreach ((string field, int width) in UsedFields)
        {
            int position = schema.PositionOf(field);
            if (position < 0)
            {
                continue; // not in this version's table
            }

            string section = field[..field.IndexOf('.', StringComparison.Ordinal)];
            ulong offset = BinaryPrimitives.ReadUInt64LittleEndian(block[position..]);
            ulong size = sizes[section];
            if (offset > size || size - offset < (ulong)width)
            {
                problem = $"{field} = {offset} lies outside {section} ({size} bytes)";
                return false;
            }

            if (offset % (ulong)width != 0)
            {
                problem = $"{field} = {offset} is not aligned for its {width}-byte type";
                return false;
            }
        }

        foreach (string field in PrefixSizes.Where(schema.Has))
        {
            ulong value = BinaryPrimitives.ReadUInt64LittleEndian(block[schema.PositionOf(field)..]);
            ulong size = sizes["unicode_object"];
            if (value == 0 || value > size)
            {
                problem = $"{field} = {value} does not fit unicode_object ({size} bytes)";
                return false;
            }
        }

        ulong gilState = BinaryPrimitives.ReadUInt64LittleEndian(block[schema.PositionOf("interpreter_state.gil_runtime_state")..]);
        if (BinaryPrimitives.ReadUInt64LittleEndian(block[schema.PositionOf("interpreter_state.gil_runtime_state_locked")..]) < gilState
            || BinaryPrimitives.ReadUInt64LittleEndian(block[schema.PositionOf("interpreter_state.gil_runtime_state_holder")..]) < gilState)
        {
            problem = "the GIL fields lie before the GIL struct";
            return false;
        }

        problem = null;
        return true;
    }

    private static int Shift(int offset, int by) => offset < 0 ? offset : offset + by;
}
