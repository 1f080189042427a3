using System.Text.Json.Serialization;

namespace Pyflame.Bench;

/// <summary>The report of bench/tools/rusage-run: the profiler process's own CPU, peak memory and timing.</summary>
public sealed record RunUsage(
    [property: JsonPropertyName("rc")] int ExitCode,
    [property: JsonPropertyName("user")] double UserSeconds,
    [property: JsonPropertyName("sys")] double SystemSeconds,
    [property: JsonPropertyName("maxrss_kb")] long MaxRssKilobytes,
    [property: JsonPropertyName("wall")] double WallSeconds,
    [property: JsonPropertyName("start")] double StartMonotonic,
    [property: JsonPropertyName("first_byte")] double? FirstByteSeconds,
    [property: JsonPropertyName("stopped_at")] double? StoppedAtSeconds)
{
    public double CpuSeconds => UserSeconds + SystemSeconds;

    public double EndMonotonic => StartMonotonic + WallSeconds;
}
