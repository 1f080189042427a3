using Pyflame.Core.Memory;
using Pyflame.Core.Model;
using Pyflame.Core.Python.Layouts;

namespace Pyflame.Core.Python.Walking;

/// <summary>
/// Follows a thread's frame chain. Two shapes exist: heap PyFrameObjects linked by f_back (≤3.10)
/// and _PyInterpreterFrames linked by previous (3.11+), where C-stack shim frames are skipped.
/// A chain counts only if it ends where a thread's chain really ends (<see cref="PyLayout.ThreadBottomOwner"/>,
/// <see cref="PyLayout.SuspendableCodeFlags"/>): a generator or coroutine frame that has suspended, or a frame that
/// has returned, has no caller link, so a chain read while it changed would otherwise pass for a whole stack
/// with every caller missing.
/// </summary>
internal sealed class FrameChain
{
    private readonly IMemoryReader _memory;
    private readonly PyLayout _layout;
    private readonly CodeObjectCache _code;
    private readonly byte[] _frameBlock;
    private readonly int _next;
    private readonly int _codeField;
    private readonly ulong _codeAddressMask;

    public FrameChain(IMemoryReader memory, PyLayout layout, CodeObjectCache code)
    {
        _memory = memory;
        _layout = layout;
        _code = code;
        _next = layout.UsesInterpreterFrames ? layout.IFramePrevious : layout.FrameBack;
        _codeField = layout.UsesInterpreterFrames ? layout.IFrameCode : layout.FrameCode;
        _codeAddressMask = ~layout.ExecutableTagBits;
        _frameBlock = layout.UsesInterpreterFrames
            ? LayoutBlock.Create("frame", layout.IFramePrevious, layout.IFrameCode, layout.IFrameInstrPtr, layout.IFrameOwner)
            : LayoutBlock.Create("frame", layout.FrameBack, layout.FrameCode, layout.FrameLasti);
    }

    /// <summary>The last walk's <see cref="StackAnchor"/>: its second raw frame (shims count), or its only one.</summary>
    public StackAnchor Anchor { get; private set; }

    /// <summary>Bytes read from a frame's start.</summary>
    public int FrameBytes => _frameBlock.Length;

    /// <summary>True when the anchor's frame, read from <paramref name="memory"/>, still holds the same code object and caller link.</summary>
    public bool IsUnchanged(StackAnchor anchor, IMemoryReader memory)
    {
        if (anchor.Frame == 0)
        {
            return true; // an empty stack has nothing to tear
        }

        ReadOnlySpan<byte> block = _frameBlock;
        return memory.TryReadExact(anchor.Frame, _frameBlock)
            && CodeOf(block) == anchor.Code
            && block.Field<ulong>(_next) == anchor.Next;
    }

    /// <param name="raw">When given, also each reported frame's address and code object, index for index (-d --locals).</param>
    public bool TryWalk(ulong frame, List<FrameInfo> frames, int maxDepth, out ReadFailure? error, List<RawFrame>? raw = null)
    {
        frames.Clear();
        raw?.Clear();
        Anchor = default;
        ReadOnlySpan<byte> block = _frameBlock;
        ulong last = 0;
        int lastOwner = -1;
        int lastFlags = 0;
        for (int visited = 0; frame != 0; visited++)
        {
            if (visited >= maxDepth)
            {
                error = ReadFailure.TooDeep($"frame chain deeper than {maxDepth} (a cycle from a torn read?)");
                return false;
            }

            if (!_memory.TryReadExact(frame, _frameBlock))
            {
                error = ReadFailure.Unreadable($"frame 0x{frame:x} is unreadable");
                return false;
            }

            ulong code = CodeOf(block);
            ulong next = block.Field<ulong>(_next);
            if (visited <= 1)
            {
                Anchor = new StackAnchor(frame, code, next);
            }

            last = frame;
            frame = next;
            if (_layout.UsesInterpreterFrames)
            {
                lastOwner = block[_layout.IFrameOwner];
                if (IsShim(block))
                {
                    continue;
                }
            }

            if (!TryGetByteOffset(block, code, out int byteOffset) || !_code.TryResolve(code, byteOffset, out FrameInfo info))
            {
                error = ReadFailure.Unreadable($"code object 0x{code:x} is unreadable or not a code object");
                return false;
            }

            lastFlags = _code.LastFlags;
            frames.Add(info);
            raw?.Add(new RawFrame(last, code));
        }

        if (last != 0 && !EndsAtThreadBottom(lastOwner, lastFlags))
        {
            error = ReadFailure.Changing($"the frame chain ends at 0x{last:x}, a suspended generator or returned frame, not at the thread's first frame (read while it changed)");
            return false;
        }

        error = null;
        return true;
    }

    private bool EndsAtThreadBottom(int owner, int codeFlags) =>
        _layout.UsesInterpreterFrames
            ? _layout.ThreadBottomOwner < 0 || owner == _layout.ThreadBottomOwner
            : (codeFlags & _layout.SuspendableCodeFlags) == 0;

    /// <summary>
    /// 3.12+ C-stack shim frames, 3.14+ interpreter entry frames and 3.15's base frame carry none of the user's
    /// code (3.13 leaves a shim's executable None). Only the owner decides: a non-code executable in any other
    /// frame is a torn read and must fail the sample rather than vanish from it.
    /// </summary>
    private bool IsShim(ReadOnlySpan<byte> block) => _layout.IsNonCodeOwner(block[_layout.IFrameOwner]);

    /// <summary>The frame's code object address, with 3.14+'s _PyStackRef tag bits cleared.</summary>
    private ulong CodeOf(ReadOnlySpan<byte> block) => block.Field<ulong>(_codeField) & _codeAddressMask;

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
