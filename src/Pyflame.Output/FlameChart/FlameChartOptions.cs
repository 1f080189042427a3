namespace Pyflame.Output.FlameChart;

/// <summary>Options of <see cref="FlameChartWriter"/>.</summary>
/// <param name="PerThread">Pyflame's <c>--threads</c>: one record per thread, under a thread root frame.</param>
/// <param name="ExcludeIdle">Pyflame's <c>-x</c>: write no idle records.</param>
/// <param name="LineNumbers">When false, frames are <c>file:function</c>.</param>
public sealed record FlameChartOptions(bool PerThread = false, bool ExcludeIdle = false, bool LineNumbers = true);
