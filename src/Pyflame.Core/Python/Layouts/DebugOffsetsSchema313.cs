namespace Pyflame.Core.Python.Layouts;

/// <summary>
/// Byte positions of the fields of CPython 3.13's <c>_Py_DebugOffsets</c> (Include/internal/
/// pycore_runtime.h), the table at <c>_PyRuntime + 0</c>. Every field after the cookie is a uint64.
/// The schema changes between minor versions, so each minor version needs its own copy.
/// </summary>
internal static class DebugOffsetsSchema313
{
    public const int TotalSize = 584;

    public const int Cookie = 0;
    public const int Version = 8;
    public const int FreeThreaded = 16;

    public const int RuntimeSize = 24;
    public const int RuntimeInterpretersHead = 40;

    public const int InterpSize = 48;
    public const int InterpId = 56;
    public const int InterpNext = 64;
    public const int InterpThreadsHead = 72;
    public const int InterpImportsModules = 88;
    public const int InterpCevalGil = 112;
    public const int InterpGilRuntimeState = 120;
    public const int InterpGilLocked = 136;
    public const int InterpGilHolder = 144;

    public const int ThreadSize = 152;
    public const int ThreadPrev = 160;
    public const int ThreadNext = 168;
    public const int ThreadInterp = 176;
    public const int ThreadCurrentFrame = 184;
    public const int ThreadThreadId = 192;
    public const int ThreadNativeThreadId = 200;
    public const int ThreadDatastackChunk = 208;

    public const int FrameSize = 224;
    public const int FramePrevious = 232;
    public const int FrameExecutable = 240;
    public const int FrameInstrPtr = 248;
    public const int FrameOwner = 264;

    public const int CodeSize = 272;
    public const int CodeFilename = 280;
    public const int CodeName = 288;
    public const int CodeQualname = 296;
    public const int CodeLinetable = 304;
    public const int CodeFirstLineno = 312;
    public const int CodeCodeAdaptive = 344;

    public const int ObjectSize = 352;
    public const int ObjectType = 360;

    public const int TypeSize = 368;
    public const int TypeName = 376;
    public const int TypeFlags = 392;

    public const int TupleSize = 400;
    public const int TupleObSize = 416;

    public const int DictSize = 448;
    public const int DictMaKeys = 456;
    public const int DictMaValues = 464;

    public const int LongSize = 488;
    public const int LongLvTag = 496;
    public const int LongObDigit = 504;

    public const int BytesSize = 512;
    public const int BytesObSize = 520;
    public const int BytesObSval = 528;

    public const int UnicodeSize = 536;
    public const int UnicodeState = 544;
    public const int UnicodeLength = 552;
    public const int UnicodeAsciiObjectSize = 560;
}
