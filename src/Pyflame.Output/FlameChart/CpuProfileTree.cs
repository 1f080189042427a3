namespace Pyflame.Output.FlameChart;

/// <summary>
/// The call tree of a .cpuprofile: node 1 is <c>(root)</c> (the V8 convention DevTools and 0x rely
/// on) and a node is reused when the same frame is called from the same parent.
/// </summary>
internal sealed class CpuProfileTree
{
    public const int RootId = 1;

    private readonly List<CpuProfileNode> _nodes = [new CpuProfileNode(RootId, CpuProfileFrame.Root)];
    private readonly Dictionary<(int Parent, CpuProfileFrame Frame), int> _childIds = [];
    private readonly int _maxNodes;

    public CpuProfileTree(int maxNodes) => _maxNodes = maxNodes;

    /// <summary>Nodes in id order; <c>Nodes[0]</c> is the root.</summary>
    public IReadOnlyList<CpuProfileNode> Nodes => _nodes;

    /// <summary>Finds or creates the child; false when the node limit would be exceeded.</summary>
    public bool TryGetOrAddChild(int parentId, CpuProfileFrame frame, out int childId)
    {
        if (_childIds.TryGetValue((parentId, frame), out childId))
        {
            return true;
        }

        if (_nodes.Count >= _maxNodes)
        {
            return false;
        }

        childId = _nodes.Count + 1;
        _nodes.Add(new CpuProfileNode(childId, frame));
        _nodes[parentId - 1].Children.Add(childId);
        _childIds.Add((parentId, frame), childId);
        return true;
    }

    public void Hit(int nodeId) => _nodes[nodeId - 1].HitCount++;
}
