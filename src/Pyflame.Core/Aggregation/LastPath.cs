using Pyflame.Core.Model;

namespace Pyflame.Core.Aggregation;

/// <summary>
/// The last stack counted under one trie root, outermost frame first, with the trie node each frame led to. The
/// next stack under that root usually shares all but its innermost frames with it (a hot loop changes only its
/// leaf's line), so its walk resumes below the shared frames: each of those costs one comparison of frames that
/// are mostly the very same objects (the walker caches them per code object and offset), not an intern and a
/// trie lookup. A node depends only on the root and the frames above it, so the result is the same either way.
/// </summary>
internal sealed class LastPath
{
    private FrameInfo[] _frames = new FrameInfo[32];
    private int[] _nodes = new int[32];
    private int _depth;

    /// <summary>How many outermost frames of <paramref name="frames"/> (innermost first) are the last stack's.</summary>
    public int SharedDepth(IReadOnlyList<FrameInfo> frames)
    {
        int limit = Math.Min(frames.Count, _depth);
        int shared = 0;
        while (shared < limit && _frames[shared].Equals(frames[frames.Count - 1 - shared]))
        {
            shared++;
        }

        return shared;
    }

    /// <summary>The node of the frame at <paramref name="depth"/> (0 = outermost).</summary>
    public int NodeAt(int depth) => _nodes[depth];

    /// <summary>Records the frame at <paramref name="depth"/> and its node; the path now ends there.</summary>
    public void Set(int depth, FrameInfo frame, int node)
    {
        if (depth >= _frames.Length)
        {
            Array.Resize(ref _frames, _frames.Length * 2);
            Array.Resize(ref _nodes, _nodes.Length * 2);
        }

        _frames[depth] = frame;
        _nodes[depth] = node;
        _depth = depth + 1;
    }

    /// <summary>Ends the path at <paramref name="depth"/> frames (a shorter stack than the last one).</summary>
    public void Truncate(int depth) => _depth = depth;
}
