using Pyflame.Core.Memory;
using Pyflame.Core.Python.Layouts;

namespace Pyflame.Core.Python.Locals;

/// <summary>
/// Lists the addresses of a thread's frames, innermost first, in the order and with the C-stack shim frames
/// (3.12+) left out exactly as the stack walker reports them, so the two lists pair up frame by frame. The
/// walker resolves what a frame shows; this only says where each frame's variables live. Bounded by depth.
/// </summary>
internal sealed class RawFrameWalker(IMemoryReader memory, PyLayout layout, int maxDepth)
{
    public bool TryWalk(ulong frame, List<RawFrame> frames)
    {
        frames.Clear();
        bool interpreterFrames = layout.UsesInterpreterFrames;
        int next = interpreterFrames ? layout.IFramePrevious : layout.FrameBack;
        int code = interpreterFrames ? layout.IFrameCode : layout.FrameCode;
        for (int visited = 0; frame != 0; visited++)
        {
            if (visited >= maxDepth
                || !memory.TryReadPointer(frame + (ulong)code, out ulong codeAddress)
                || !memory.TryReadPointer(frame + (ulong)next, out ulong previous))
            {
                return false;
            }

            bool shim = interpreterFrames
                && memory.TryRead(frame + (ulong)layout.IFrameOwner, out byte owner) && layout.IsNonCodeOwner(owner);
            if (!shim)
            {
                frames.Add(new RawFrame(frame, codeAddress & ~layout.ExecutableTagBits));
            }

            frame = previous;
        }

        return true;
    }
}
