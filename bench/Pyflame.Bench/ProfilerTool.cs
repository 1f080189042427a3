namespace Pyflame.Bench;

/// <summary>
/// One column of the table: a profiler in one mode, measured against one interpreter. <paramref name="Mode"/> is
/// Pyflame's mode option (null: its default for that version, non-blocking on 3.11+).
/// </summary>
public sealed record ProfilerTool(string Name, ToolKind Kind, string? Mode, string Python, string PythonLabel)
{
    public string Column => $"{Name} {PythonLabel}";

    /// <summary>Machine-readable name: no spaces.</summary>
    public string Key => $"{Name}@{PythonLabel}";

    public bool IsAustin => Kind is ToolKind.Austin1 or ToolKind.Austin3;

    public bool IsPyflame => Kind == ToolKind.Pyflame;
}
