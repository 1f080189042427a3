using Pyflame.Core.Memory;
using Pyflame.Core.Model;
using Pyflame.Core.Python.Discovery;
using Pyflame.Core.Python.Layouts;
using Pyflame.Core.Python.LineTables;
using Pyflame.Core.Python.Strings;

namespace Pyflame.Core.Python.Walking;

/// <summary>
/// Resolves (code object address, instruction offset) to a <see cref="FrameInfo"/>. Code objects are
/// read once and kept by address; resolved frames are kept by (code, offset), so a hot loop costs a
/// dictionary lookup and no allocation. Both caches are bounded and reset when full, which also ages
/// out entries whose address a freed code object's successor reuses.
/// </summary>
internal sealed class CodeObjectCache
{
    private readonly IMemoryReader _memory;
    private readonly PyLayout _layout;
    private readonly ulong _codeType;
    private readonly int _maxEntries;
    private readonly PyStringReader _strings;
    private readonly Dictionary<ulong, CodeInfo> _code = [];
    private readonly Dictionary<(ulong Code, int Offset), FrameInfo> _frames = [];
    private readonly byte[] _codeBlock;

    public CodeObjectCache(IMemoryReader memory, PythonRuntime runtime, WalkLimits limits)
    {
        _memory = memory;
        _layout = runtime.Layout;
        _codeType = runtime.CodeTypeAddress;
        _maxEntries = limits.MaxCachedFrames;
        _strings = new PyStringReader(memory, _layout, limits.MaxStringBytes);
        int end = new[] { _layout.CodeFilename, _layout.CodeName, _layout.CodeFirstLineno, _layout.CodeLineTable, _layout.ObjectType }.Max();
        _codeBlock = new byte[end + 8];
    }

    public bool TryResolve(ulong code, int byteOffset, out FrameInfo frame)
    {
        if (_frames.TryGetValue((code, byteOffset), out frame!))
        {
            return true;
        }

        if (!TryGetCode(code, out CodeInfo? info))
        {
            return false;
        }

        int line = LineTableDecoder.GetLine(_layout.LineTableFormat, info.LineTable, info.FirstLine, byteOffset);
        frame = new FrameInfo(info.File, info.Name, Math.Max(line, 0));
        if (_frames.Count >= _maxEntries)
        {
            _frames.Clear();
            _code.Clear();
        }

        _frames[(code, byteOffset)] = frame;
        return true;
    }

    private bool TryGetCode(ulong code, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CodeInfo? info)
    {
        if (_code.TryGetValue(code, out info))
        {
            return true;
        }

        ReadOnlySpan<byte> block = _codeBlock;
        if (!_memory.TryReadExact(code, _codeBlock)
            || (_codeType != 0 && block.Field<ulong>(_layout.ObjectType) != _codeType)
            || !_strings.TryReadString(block.Field<ulong>(_layout.CodeFilename), out string file)
            || !_strings.TryReadString(block.Field<ulong>(_layout.CodeName), out string name)
            || !_strings.TryReadBytes(block.Field<ulong>(_layout.CodeLineTable), out byte[] table))
        {
            return false;
        }

        info = new CodeInfo(file, name, block.Field<int>(_layout.CodeFirstLineno), table);
        _code[code] = info;
        return true;
    }
}
