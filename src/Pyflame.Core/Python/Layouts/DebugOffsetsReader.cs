using System.Buffers.Binary;
using System.Reflection;
using Pyflame.Core.Memory;
using Schema = Pyflame.Core.Python.Layouts.DebugOffsetsSchema313;

namespace Pyflame.Core.Python.Layouts;

/// <summary>
/// Reads CPython 3.13+'s <c>_Py_DebugOffsets</c> (the first field of <c>_PyRuntime</c>): offsets the
/// target build computed with its own offsetof, so they are right for its exact patch level and build
/// options. Fields the table does not carry come from the generated table or are derived
/// (cpython-internals.md section 6).
/// </summary>
public static class DebugOffsetsReader
{
    /// <summary>"xdebugpy", the cookie CPython writes at offset 0 of the debug offsets.</summary>
    private static ReadOnlySpan<byte> Cookie => "xdebugpy"u8;

    /// <summary>Plausibility bound: the largest 3.13 struct (_PyRuntimeState) is ~280 KB.</summary>
    private const ulong MaxStructSize = 16 * 1024 * 1024;

    private static readonly PropertyInfo[] OffsetProperties = typeof(PyLayout)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(property => property.PropertyType == typeof(int) && property.SetMethod is not null)
        .ToArray();

    /// <summary>
    /// Reads the debug offsets at <paramref name="runtimeAddress"/> (= address of <c>_PyRuntime</c>).
    /// <paramref name="generatedFallback"/> must be the generated table of the same minor version; it
    /// supplies what the debug offsets do not describe. Returns false with a reason, never throws.
    /// </summary>
    public static bool TryRead(
        IMemoryReader memory,
        ulong runtimeAddress,
        PyLayout generatedFallback,
        [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out PyLayout layout,
        out string? problem)
    {
        layout = null;
        Span<byte> block = stackalloc byte[Schema.TotalSize];
        if (!memory.TryReadExact(runtimeAddress, block[..16]))
        {
            problem = $"cannot read _Py_DebugOffsets header at 0x{runtimeAddress:x}";
            return false;
        }

        if (!block[..8].SequenceEqual(Cookie))
        {
            problem = $"no _Py_DebugOffsets cookie at 0x{runtimeAddress:x}";
            return false;
        }

        PythonVersion version = PythonVersion.FromHex(BinaryPrimitives.ReadUInt64LittleEndian(block[Schema.Version..]));
        if (version.Major != 3 || version.Minor != 13)
        {
            problem = $"_Py_DebugOffsets schema for Python {version.Major}.{version.Minor} is not known (only 3.13)";
            return false;
        }

        if (generatedFallback.Version.Major != version.Major || generatedFallback.Version.Minor != version.Minor)
        {
            problem = $"fallback layout is for {generatedFallback.Version}, target is {version}";
            return false;
        }

        if (!memory.TryReadExact(runtimeAddress, block))
        {
            problem = $"_Py_DebugOffsets at 0x{runtimeAddress:x} is truncated (need {Schema.TotalSize} bytes)";
            return false;
        }

        if (!TryCheckPlausible(block, out problem))
        {
            return false;
        }

        layout = Build(block, version, generatedFallback);
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

    private static PyLayout Build(ReadOnlySpan<byte> block, PythonVersion version, PyLayout fallback)
    {
        int gilState = Field(block, Schema.InterpGilRuntimeState);
        int runtimeHead = Field(block, Schema.RuntimeInterpretersHead);
        int objectType = Field(block, Schema.ObjectType);

        // Objects embedded in a PyObject (code, generator) shift when the object header grows, as in
        // free-threaded builds (ob_type 8 -> 24, cpython-internals.md section 2.8); shift the
        // fallback's object-relative fields by the same amount.
        int objectHeaderGrowth = objectType - fallback.ObjectType;

        // PyUnicodeObject is PyCompactUnicodeObject followed by one data pointer (Include/cpython/
        // unicodeobject.h), so both the compact and the legacy data start at sizeof(PyUnicodeObject) - 8.
        int unicodeDataStart = Field(block, Schema.UnicodeSize) - 8;

        return fallback with
        {
            Version = version,
            Source = "_Py_DebugOffsets",
            RuntimeInterpretersHead = runtimeHead,
            // interpreters.main follows interpreters.head; keep the generated distance between them.
            RuntimeInterpretersMain = runtimeHead + (fallback.RuntimeInterpretersMain - fallback.RuntimeInterpretersHead),
            InterpNext = Field(block, Schema.InterpNext),
            InterpThreadsHead = Field(block, Schema.InterpThreadsHead),
            InterpId = Field(block, Schema.InterpId),
            InterpModules = Field(block, Schema.InterpImportsModules),
            InterpCevalGil = Field(block, Schema.InterpCevalGil),
            // The table gives interp-relative offsets of the main GIL's fields; ceval.gil may point at
            // another interpreter's GIL, so the walker needs them relative to the GIL struct itself.
            GilLastHolder = Field(block, Schema.InterpGilHolder) - gilState,
            GilLocked = Field(block, Schema.InterpGilLocked) - gilState,
            ThreadPrev = Field(block, Schema.ThreadPrev),
            ThreadNext = Field(block, Schema.ThreadNext),
            ThreadInterp = Field(block, Schema.ThreadInterp),
            ThreadFrame = Field(block, Schema.ThreadCurrentFrame),
            ThreadThreadId = Field(block, Schema.ThreadThreadId),
            ThreadNativeThreadId = Field(block, Schema.ThreadNativeThreadId),
            ThreadDatastackChunk = Field(block, Schema.ThreadDatastackChunk),
            IFrameSize = Field(block, Schema.FrameSize),
            IFramePrevious = Field(block, Schema.FramePrevious),
            IFrameCode = Field(block, Schema.FrameExecutable),
            IFrameInstrPtr = Field(block, Schema.FrameInstrPtr),
            IFrameOwner = Field(block, Schema.FrameOwner),
            CodeSize = Field(block, Schema.CodeSize),
            CodeFilename = Field(block, Schema.CodeFilename),
            CodeName = Field(block, Schema.CodeName),
            CodeQualname = Field(block, Schema.CodeQualname),
            CodeFirstLineno = Field(block, Schema.CodeFirstLineno),
            CodeLineTable = Field(block, Schema.CodeLinetable),
            CodeCodeAdaptive = Field(block, Schema.CodeCodeAdaptive),
            CodeFirstTraceable = Shift(fallback.CodeFirstTraceable, objectHeaderGrowth),
            ObjectType = objectType,
            VarObjectSize = Field(block, Schema.TupleObSize),
            TypeName = Field(block, Schema.TypeName),
            TypeFlags = Field(block, Schema.TypeFlags),
            DictKeys = Field(block, Schema.DictMaKeys),
            DictValues = Field(block, Schema.DictMaValues),
            LongSize = Field(block, Schema.LongLvTag),
            LongDigits = Field(block, Schema.LongObDigit),
            BytesSize = Field(block, Schema.BytesObSize),
            BytesData = Field(block, Schema.BytesObSval),
            UnicodeLength = Field(block, Schema.UnicodeLength),
            UnicodeState = Field(block, Schema.UnicodeState),
            UnicodeAsciiData = Field(block, Schema.UnicodeAsciiObjectSize),
            UnicodeCompactData = unicodeDataStart,
            UnicodeLegacyData = unicodeDataStart,
            GenIFrame = Shift(fallback.GenIFrame, objectHeaderGrowth),
        };
    }

    /// <summary>
    /// Rejects tables whose values cannot be offsets of this build: a struct size beyond
    /// <see cref="MaxStructSize"/>, or a field offset outside its struct's size.
    /// </summary>
    private static bool TryCheckPlausible(ReadOnlySpan<byte> block, out string? problem)
    {
        (int Size, int[] Fields)[] groups =
        [
            (Schema.RuntimeSize, [Schema.RuntimeInterpretersHead]),
            (Schema.InterpSize, [Schema.InterpId, Schema.InterpNext, Schema.InterpThreadsHead, Schema.InterpImportsModules, Schema.InterpCevalGil,
                Schema.InterpGilRuntimeState, Schema.InterpGilLocked, Schema.InterpGilHolder]),
            (Schema.ThreadSize, [Schema.ThreadPrev, Schema.ThreadNext, Schema.ThreadInterp, Schema.ThreadCurrentFrame, Schema.ThreadThreadId,
                Schema.ThreadNativeThreadId, Schema.ThreadDatastackChunk]),
            (Schema.FrameSize, [Schema.FramePrevious, Schema.FrameExecutable, Schema.FrameInstrPtr, Schema.FrameOwner]),
            (Schema.CodeSize, [Schema.CodeFilename, Schema.CodeName, Schema.CodeQualname, Schema.CodeLinetable, Schema.CodeFirstLineno,
                Schema.CodeCodeAdaptive]),
            (Schema.ObjectSize, [Schema.ObjectType]),
            (Schema.TypeSize, [Schema.TypeName, Schema.TypeFlags]),
            (Schema.TupleSize, [Schema.TupleObSize]),
            (Schema.DictSize, [Schema.DictMaKeys, Schema.DictMaValues]),
            (Schema.LongSize, [Schema.LongLvTag, Schema.LongObDigit]),
            (Schema.BytesSize, [Schema.BytesObSize, Schema.BytesObSval]),
            (Schema.UnicodeSize, [Schema.UnicodeState, Schema.UnicodeLength, Schema.UnicodeAsciiObjectSize]),
        ];

        foreach ((int sizePosition, int[] fieldPositions) in groups)
        {
            ulong size = BinaryPrimitives.ReadUInt64LittleEndian(block[sizePosition..]);
            if (size < sizeof(ulong) || size > MaxStructSize)
            {
                problem = $"_Py_DebugOffsets struct size {size} at +{sizePosition} is implausible";
                return false;
            }

            foreach (int position in fieldPositions)
            {
                ulong offset = BinaryPrimitives.ReadUInt64LittleEndian(block[position..]);
                if (offset >= size)
                {
                    problem = $"_Py_DebugOffsets field at +{position} = {offset} lies outside its struct ({size} bytes)";
                    return false;
                }
            }
        }

        ulong gilState = BinaryPrimitives.ReadUInt64LittleEndian(block[Schema.InterpGilRuntimeState..]);
        if (BinaryPrimitives.ReadUInt64LittleEndian(block[Schema.InterpGilLocked..]) < gilState
            || BinaryPrimitives.ReadUInt64LittleEndian(block[Schema.InterpGilHolder..]) < gilState)
        {
            problem = "_Py_DebugOffsets GIL fields lie before the GIL struct";
            return false;
        }

        problem = null;
        return true;
    }

    /// <summary>Values were bounds-checked against <see cref="MaxStructSize"/>, so they fit an int.</summary>
    private static int Field(ReadOnlySpan<byte> block, int position) =>
        (int)BinaryPrimitives.ReadUInt64LittleEndian(block[position..]);

    private static int Shift(int offset, int by) => offset < 0 ? offset : offset + by;
}
