namespace Pyflame.Output.FlameChart;

/// <summary>A CDP <c>Profiler.ProfileNode</c> under construction.</summary>
internal sealed class CpuProfileNode(int id, CpuProfileFrame frame)
{
    public int Id { get; } = id;

    public CpuProfileFrame Frame { get; } = frame;

    public List<int> Children { get; } = [];

    /// <summary>Samples in which this node was the top of the stack.</summary>
    public long HitCount { get; set; }
}
