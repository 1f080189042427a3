namespace Pyflame.Bench;

/// <summary>One column of the table: a profiler in one mode, measured against one interpreter.</summary>
public sealed record ProfilerTool(string Name, bool IsAustin, bool NonBlocking, string Python, string PythonLabel)
{
    public string Column => $"{Name} {PythonLabel}";

    /// <summary>Machine-readable name: no spaces.</summary>
    public string Key => $"{Name}@{PythonLabel}";
}
