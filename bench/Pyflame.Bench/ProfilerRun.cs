namespace Pyflame.Bench;

/// <summary>One finished profiler run: its resource usage, its parsed output and what was asked of it.</summary>
public sealed record ProfilerRun(ProfilerTool Tool, RunUsage Usage, ParsedProfile Profile, double RequestedSamples, double SampledSeconds)
{
    public double RecordedSamples => Profile.Ticks;

    public double RecordedPercent => RequestedSamples > 0 ? 100 * RecordedSamples / RequestedSamples : double.NaN;
}
