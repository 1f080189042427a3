using Pyflame.Core.Python.Layouts;
using Pyflame.Core.Tests.Fakes;

namespace Pyflame.Core.Tests.Python.Layouts;

/// <summary>
/// Writes a 3.13 <c>_Py_DebugOffsets</c> block (positions from CPython 3.13's
/// Include/internal/pycore_runtime.h, written out here independently of the reader) for a layout.
/// </summary>
internal static class DebugOffsetsImage
{
    public const int Size = 584;
    public const ulong Python3130Hex = 0x030D00F0;
    public const int GilStateInInterp = 7752;

    public static void Write(SyntheticMemory memory, ulong address, PyLayout layout, ulong versionHex = Python3130Hex)
    {
        memory.Map(address, Size);
        memory.WriteAscii(address, "xdebugpy");
        memory.WriteU64(address + 8, versionHex);
        (int Position, long Value)[] fields =
        [
            (24, 283320), (40, layout.RuntimeInterpretersHead),
            (48, 194968), (56, layout.InterpId), (64, layout.InterpNext), (72, layout.InterpThreadsHead),
            (88, layout.InterpModules), (112, layout.InterpCevalGil), (120, GilStateInInterp),
            (136, GilStateInInterp + layout.GilLocked), (144, GilStateInInterp + layout.GilLastHolder),
            (152, 304), (160, layout.ThreadPrev), (168, layout.ThreadNext), (176, layout.ThreadInterp),
            (184, layout.ThreadFrame), (192, layout.ThreadThreadId), (200, layout.ThreadNativeThreadId),
            (208, layout.ThreadDatastackChunk),
            (224, layout.IFrameSize), (232, layout.IFramePrevious), (240, layout.IFrameCode),
            (248, layout.IFrameInstrPtr), (264, layout.IFrameOwner),
            (272, layout.CodeSize), (280, layout.CodeFilename), (288, layout.CodeName), (296, layout.CodeQualname),
            (304, layout.CodeLineTable), (312, layout.CodeFirstLineno), (344, layout.CodeCodeAdaptive),
            (352, layout.ObjectType + 8), (360, layout.ObjectType), (368, 416), (376, layout.TypeName),
            (392, layout.TypeFlags),
            (400, 32), (416, layout.VarObjectSize),
            (448, 48), (456, layout.DictKeys), (464, layout.DictValues),
            (488, 32), (496, layout.LongSize), (504, layout.LongDigits),
            (512, 40), (520, layout.BytesSize), (528, layout.BytesData),
            (536, layout.UnicodeCompactData + 8), (544, layout.UnicodeState), (552, layout.UnicodeLength),
            (560, layout.UnicodeAsciiData),
        ];
        foreach ((int position, long value) in fields)
        {
            memory.WriteU64(address + (ulong)position, (ulong)value);
        }
    }
}
