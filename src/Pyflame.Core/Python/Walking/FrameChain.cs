using Pyflame.Core.Memory;
using Pyflame.Core.Model;
using Pyflame.Core.Python.Layouts;

namespace Pyflame.Core.Python.Walking;

/// <summary>
/// Follows a thread's frame chain. Two shapes exist: heap PyFrameObjects linked by f_back (≤3.10)
/// and _PyInterpreterFrames linked by previous (3.11+), where C-stack shim frames are skipped.
/// </summary>
internal sealed class FrameChain
{
    private readonly IMemoryReader _memory;
    private readonly PyLayout _layout;
    private readonly CodeObjectCache _code;
    private readonly byte[] _frameBlock;
    private readonly int _next;
    private readonly int _codeField;

    public FrameChain(IMemoryReader memory, PyLayout layout, CodeObjectCache code)
    {
        _memory = memory;
        _layout = layout;
        _code = code;
        _next = layout.UsesInterpreterFrames ? layout.IFramePrevious : layout.FrameBack;
        _codeField = layout.UsesInterpreterFrames ? layout.IFrameCode : layout.FrameCode;
        int end = layout.UsesInterpreterFrames
            ? new[] { layout.IFramePrevious, layout.IFrameCode, layout.IFrameInstrPtr, layout.IFrameOwner }.Max()
            : new[] { layout.FrameBack, layout.FrameCode, layout.FrameLasti }.Max();
        _frameBlock = new byte[end + 8];
    }

    /// <summary>The last walk's <see cref="StackAnchor"/>: its second raw frame (shims count), or its only one.</summary>
    public StackAnchor Anchor { get; private set; }

    /// <summary>True when the anchor's frame still holds the same code object and caller link.</summary>
    public bool IsUnchanged(StackAnchor anchor)
    {
        if (anchor.Frame == 0)
        {
            return true; // an empty stack has nothing to tear
        }

        ReadOnlySpan<byte> block = _frameBlock;
        return _memory.TryReadExact(anchor.Frame, _frameBlock)
            && block.Field<ulong>(_codeField) == anchor.Code
            && block.Field<ulong>(_next) == anchor.Next;
    }

    /// <summary>Reads one frame's block as a walk would, so that its page is fetched now (see <see cref="StackWalker.TryPeekFrame"/>).</summary>
    public bool TryPeek(ulong frame) => frame == 0 || _memory.TryReadExact(frame, _frameBlock);

    public bool TryWalk(ulong frame, List<FrameInfo> frames, int maxDepth, out string? error)
    {
        frames.Clear();
        Anchor = default;
        ReadOnlySpan<byte> block = _frameBlock;
        for (int visited = 0; frame != 0; visited++)
        {
            if (visited >= maxDepth)
            {
                error = $"frame chain deeper than {maxDepth} (a cycle from a torn read?)";
                return false;
            }

            if (!_memory.TryReadExact(frame, _frameBlock))
            {
                error = $"frame 0x{frame:x} is unreadable";
                return false;
            }

            ulong code = block.Field<ulong>(_codeField);
            ulong next = block.Field<ulong>(_next);
            if (visited <= 1)
            {
                Anchor = new StackAnchor(frame, code, next);
            }

            frame = next;
            if (_layout.UsesInterpreterFrames && IsShim(block))
            {
                continue;
            }

            if (!TryGetByteOffset(block, code, out int byteOffset) || !_code.TryResolve(code, byteOffset, out FrameInfo info))
            {
                error = $"code object 0x{code:x} is unreadable or not a code object";
                return false;
            }

            frames.Add(info);
        }

        error = null;
        return true;
    }

    /// <summary>
    /// 3.12+ C-stack entry frames (owner 3) carry none of the user's code (3.13 leaves their executable
    /// None). Only the owner decides: a non-code executable in any other frame is a torn read and must
    /// fail the sample rather than vanish from it.
    /// </summary>
    private bool IsShim(ReadOnlySpan<byte> block) =>
        _layout.CStackOwner >= 0 && block[_layout.IFrameOwner] == _layout.CStackOwner;

    private bool TryGetByteOffset(ReadOnlySpan<byte> block, ulong code, out int byteOffset)
    {
        if (!_layout.UsesInterpreterFrames)
        {
            int lasti = block.Field<int>(_layout.FrameLasti);
            byteOffset = lasti < 0 ? -1 : lasti * _layout.LastiScale;
            return true;
        }

        // The instruction pointer is absolute; the line table counts from the inline bytecode.
        long offset = (long)(block.Field<ulong>(_layout.IFrameInstrPtr) - (code + (ulong)_layout.CodeCodeAdaptive));
        byteOffset = (int)offset;
        return offset is >= -2 and < (1 << 26);
    }
}
