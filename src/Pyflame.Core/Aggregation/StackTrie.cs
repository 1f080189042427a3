namespace Pyflame.Core.Aggregation;

/// <summary>
/// A prefix tree of frame ids, outermost frame nearest the root. Each distinct stack is one node,
/// so counting a sample is a walk of dictionary lookups with no per-sample allocation.
/// </summary>
internal sealed class StackTrie
{
    /// <summary>Parent id of a root node.</summary>
    public const int NoParent = -1;

    private readonly Dictionary<long, int> _children = [];
    private readonly List<int> _parents = [];
    private readonly List<int> _frameIds = [];
    private readonly List<long> _counts = [];

    public int NodeCount => _parents.Count;

    public int AddRoot() => AddNode(NoParent, frameId: int.MinValue);

    public int Child(int parent, int frameId)
    {
        // Both halves fit in 32 bits: node ids are list indexes, frame ids are ints.
        long key = ((long)parent << 32) | (uint)frameId;
        if (_children.TryGetValue(key, out int child))
        {
            return child;
        }

        child = AddNode(parent, frameId);
        _children.Add(key, child);
        return child;
    }

    public void Increment(int node) => _counts[node]++;

    public long CountOf(int node) => _counts[node];

    public int ParentOf(int node) => _parents[node];

    public int FrameIdOf(int node) => _frameIds[node];

    private int AddNode(int parent, int frameId)
    {
        int id = _parents.Count;
        _parents.Add(parent);
        _frameIds.Add(frameId);
        _counts.Add(0);
        return id;
    }
}
