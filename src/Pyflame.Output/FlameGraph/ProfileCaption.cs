using System.Globalization;
using Pyflame.Core.Aggregation;

namespace Pyflame.Output.FlameGraph;

/// <summary>The title and subtitle of a flame graph: what was profiled, for how long, how many samples at what rate.</summary>
internal static class ProfileCaption
{
    public static string Title(ProfileMetadata metadata) =>
        !string.IsNullOrWhiteSpace(metadata.Command) ? $"Pyflame: {metadata.Command}"
        : metadata.Pid > 0 ? string.Create(CultureInfo.InvariantCulture, $"Pyflame: PID {metadata.Pid}")
        : "Pyflame profile";

    /// <summary>e.g. "PID 4242 · 3.00 s · 300 samples at 100 Hz (every 10 ms) · 2026-01-02 03:04:05 UTC".</summary>
    public static string Subtitle(ProfileMetadata metadata, long totalInGraph)
    {
        var parts = new List<string>();
        if (metadata.Pid > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"PID {metadata.Pid}"));
        }

        parts.Add(string.Create(CultureInfo.InvariantCulture, $"{metadata.Duration.TotalSeconds:0.00} s"));
        string samples = string.Create(CultureInfo.InvariantCulture, $"{metadata.SampleCount} samples");
        if (metadata.Interval > TimeSpan.Zero)
        {
            double hertz = 1 / metadata.Interval.TotalSeconds;
            samples += string.Create(CultureInfo.InvariantCulture, $" at {hertz:0.#} Hz (every {metadata.Interval.TotalMilliseconds:0.###} ms)");
        }

        parts.Add(samples);
        if (totalInGraph != metadata.SampleCount)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{totalInGraph} stacks drawn"));
        }

        if (metadata.StartTime is { } start)
        {
            parts.Add(start.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture));
        }

        return string.Join(" \u00b7 ", parts);
    }
}
