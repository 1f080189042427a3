namespace Pyflame.Output.FlameGraph;

/// <summary>One box of the flame graph: a frame reached by one path from the root, with its sample count.</summary>
internal sealed class FlameNode(FlameNodeKind kind, string name, string file, int line)
{
    private Dictionary<(FlameNodeKind, string, string, int), FlameNode>? _children;

    public FlameNodeKind Kind { get; } = kind;

    /// <summary>Function name, or the pseudo frame's text.</summary>
    public string Name { get; } = name;

    /// <summary>Source file; empty for pseudo frames.</summary>
    public string File { get; } = file;

    /// <summary>Line, 0 when unknown or without line numbers.</summary>
    public int Line { get; } = line;

    /// <summary>Samples in which this box is on the stack (its width).</summary>
    public long Total { get; set; }

    public IEnumerable<FlameNode> Children => _children?.Values ?? Enumerable.Empty<FlameNode>();

    public FlameNode Child(FlameNodeKind kind, string name, string file, int line)
    {
        _children ??= [];
        if (!_children.TryGetValue((kind, name, file, line), out FlameNode? child))
        {
            child = new FlameNode(kind, name, file, line);
            _children.Add((kind, name, file, line), child);
        }

        return child;
    }

    /// <summary>Children in a stable order (by name, then file and line), as flame graphs sort boxes alphabetically.</summary>
    public List<FlameNode> SortedChildren()
    {
        List<FlameNode> children = [.. Children];
        children.Sort(static (a, b) =>
        {
            int order = string.CompareOrdinal(a.Name, b.Name);
            order = order != 0 ? order : string.CompareOrdinal(a.File, b.File);
            return order != 0 ? order : a.Line.CompareTo(b.Line);
        });
        return children;
    }
}
