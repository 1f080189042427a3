using Pyflame.Core.Memory;
using Pyflame.Core.Model;
using Pyflame.Core.Python.Discovery;
using Pyflame.Core.Python.Layouts;
using Pyflame.Core.Python.LineTables;
using Pyflame.Core.Python.Strings;

namespace Pyflame.Core.Python.Walking;

/// <summary>
/// Resolves (code object address, instruction offset) to a <see cref="FrameInfo"/>. Each frame re-reads
/// the code object's small header (normally from the per-sample page cache) and trusts the cached entry
/// only while that header is unchanged: after a code object is freed its address can be reused by
/// another one (code exec'd at start-up, then a module's), and a stale entry would name the wrong
/// function. The check is made once per code object and sample (<see cref="BeginSample"/>): a code object seen
/// again microseconds later in the same sample (another thread's frame, the non-blocking re-read of the top) is
/// held alive by the frame that names it. Names and line tables are read once per code object; resolved
/// frames are kept per offset, so a hot loop allocates nothing. The cache is bounded, in resolved frames and in bytes
/// of names and line tables (sizes the target chooses), and reset when either is exceeded.
/// </summary>
internal sealed class CodeObjectCache
{
    private readonly IMemoryReader _memory;
    private readonly PyLayout _layout;
    private readonly ulong _codeType;
    private readonly int _maxEntries;
    private readonly long _maxBytes;
    private readonly PyStringReader _strings;
    private readonly Dictionary<ulong, CodeInfo> _code = [];
    private readonly byte[] _codeBlock;
    private int _entries;
    private long _bytes;
    private int _sample = 1;

    public CodeObjectCache(IMemoryReader memory, PythonRuntime runtime, WalkLimits limits)
    {
        _memory = memory;
        _layout = runtime.Layout;
        _codeType = runtime.CodeTypeAddress;
        _maxEntries = limits.MaxCachedFrames;
        _maxBytes = limits.MaxCachedBytes;
        _strings = new PyStringReader(memory, _layout, limits.MaxStringBytes);
        _codeBlock = LayoutBlock.Create("code object", _layout.CodeFilename, _layout.CodeName, _layout.CodeFirstLineno, _layout.CodeLineTable, _layout.ObjectType, _layout.CodeFlags);
    }

    /// <summary>co_flags of the code object last resolved by <see cref="TryResolve"/> (0 where the layout lacks them).</summary>
    public int LastFlags { get; private set; }

    /// <summary>Bytes of names and line tables held now (never above the budget, <see cref="WalkLimits.MaxCachedBytes"/>).</summary>
    internal long CachedBytes => _bytes;

    /// <summary>Starts a new sample: every code object's header is checked again the next time it is met.</summary>
    public void BeginSample() => _sample++;

    public bool TryResolve(ulong code, int byteOffset, out FrameInfo frame)
    {
        if (_code.TryGetValue(code, out CodeInfo? info) && info.ValidatedInSample == _sample)
        {
            LastFlags = info.Flags;
            return TryResolveOffset(info, byteOffset, out frame);
        }

        frame = null!;
        ReadOnlySpan<byte> block = _codeBlock;
        if (!_memory.TryReadExact(code, _codeBlock) || (_codeType != 0 && block.Field<ulong>(_layout.ObjectType) != _codeType))
        {
            return false;
        }

        CodeIdentity identity = new(
            block.Field<ulong>(_layout.CodeFilename),
            block.Field<ulong>(_layout.CodeName),
            block.Field<ulong>(_layout.CodeLineTable),
            block.Field<int>(_layout.CodeFirstLineno));
        if (info is null || info.Identity != identity)
        {
            if (info is not null)
            {
                _bytes -= Cost(info); // a reused address: the entry about to be replaced no longer counts
                _ = _code.Remove(code);
            }

            if (!TryLoad(identity, _layout.CodeFlags < 0 ? 0 : block.Field<int>(_layout.CodeFlags), out info))
            {
                return false;
            }

            long cost = Cost(info);
            if (_bytes + cost > _maxBytes)
            {
                Reset();
            }

            _bytes += cost;
            _code[code] = info;
        }

        info.ValidatedInSample = _sample;
        LastFlags = info.Flags;
        return TryResolveOffset(info, byteOffset, out frame);
    }

    private bool TryResolveOffset(CodeInfo info, int byteOffset, out FrameInfo frame)
    {
        if (info.FramesByOffset.TryGetValue(byteOffset, out frame!))
        {
            return true;
        }

        int line = LineTableDecoder.GetLine(_layout.LineTableFormat, info.LineTable, info.Identity.FirstLine, byteOffset);
        frame = new FrameInfo(info.File, info.Name, Math.Max(line, 0));
        if (++_entries > _maxEntries)
        {
            Reset();
            return true;
        }

        info.FramesByOffset[byteOffset] = frame;
        return true;
    }

    /// <summary>What an entry holds that the target sized: its line table and its two names (UTF-16), plus overhead.</summary>
    private static long Cost(CodeInfo info) => info.LineTable.Length + (2L * (info.File.Length + info.Name.Length)) + 256;

    private void Reset()
    {
        _code.Clear();
        _entries = 0;
        _bytes = 0;
    }

    private bool TryLoad(CodeIdentity identity, int flags, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CodeInfo? info)
    {
        info = null;
        if (!_strings.TryReadString(identity.Filename, out string file)
            || !_strings.TryReadString(identity.Name, out string name)
            || !_strings.TryReadBytes(identity.LineTable, out byte[] table))
        {
            return false;
        }

        info = new CodeInfo(identity, file, name, table, flags);
        return true;
    }
}
