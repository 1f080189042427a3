using System.Text.Json;
using Pyflame.Core.Aggregation;
using Pyflame.Core.Model;
using Pyflame.Output.Formats;
using Pyflame.Output.Timeline;

namespace Pyflame.Output.Speedscope;

/// <summary>
/// <c>--format speedscope</c>: speedscope's file format (its <c>file-format-spec.ts</c>): shared frames
/// and one <c>sampled</c> profile per thread, samples in time order, stacks root first, each weighted
/// by how long it lasted in microseconds (until the next sampler tick). Consecutive identical samples
/// of a thread are merged into one with the summed weight, which keeps big files small and changes
/// nothing speedscope shows. Records without a thread (GIL-mode idle/failed) get their own profile.
/// </summary>
public static class SpeedscopeWriter
{
    public const string SchemaUrl = "https://www.speedscope.app/file-format-schema.json";

    public static void Write(Profile profile, SampleTimeline timeline, Stream output, ProfileWriteOptions options)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(timeline);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(options);

        IReadOnlyList<TimelineRecord> records = timeline.Records;
        long[] durations = TickDurations.Compute(records, (long)profile.Metadata.Interval.TotalMicroseconds);
        long start = records.Count > 0 ? records[0].TimestampMicroseconds : 0;
        var paths = new TimelinePaths(timeline);

        using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();
        json.WriteString("$schema", SchemaUrl);
        json.WriteString("exporter", options.Exporter);
        json.WriteString("name", ThreadLabels.ProcessOf(profile.Metadata));
        json.WriteNumber("activeProfileIndex", 0);
        WriteFrames(json, paths);
        json.WriteStartArray("profiles");
        foreach ((int slot, List<int> indexes) in GroupByThread(records, timeline.Threads.Count))
        {
            string name = slot == SampleTimeline.NoThread ? ThreadLabels.NoThreadName : ThreadLabels.Of(timeline.Threads[slot]);
            WriteProfile(json, name, indexes, records, durations, start, paths);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
    }

    private static void WriteFrames(Utf8JsonWriter json, TimelinePaths paths)
    {
        json.WriteStartObject("shared");
        json.WriteStartArray("frames");
        for (int id = 0; id < paths.FrameCount; id++)
        {
            json.WriteStartObject();
            json.WriteString("name", paths.NameOf(id));
            if (paths.SourceOf(id) is FrameInfo source)
            {
                json.WriteString("file", source.File);
                if (source.Line > 0)
                {
                    json.WriteNumber("line", source.Line);
                }
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteProfile(
        Utf8JsonWriter json, string name, List<int> indexes, IReadOnlyList<TimelineRecord> records, long[] durations, long start, TimelinePaths paths)
    {
        json.WriteStartObject();
        json.WriteString("type", "sampled");
        json.WriteString("name", name);
        json.WriteString("unit", "microseconds");
        TimelineRecord first = records[indexes[0]];
        int lastIndex = indexes[^1];
        json.WriteNumber("startValue", first.TimestampMicroseconds - start);
        json.WriteNumber("endValue", records[lastIndex].TimestampMicroseconds + durations[lastIndex] - start);

        // Merge runs of the same stack; weights are written afterwards from this list, so both arrays match.
        var weights = new List<long>();
        json.WriteStartArray("samples");
        int[]? previous = null;
        foreach (int i in indexes)
        {
            int[] path = paths.PathOf(records[i]);
            if (ReferenceEquals(path, previous))
            {
                weights[^1] += durations[i];
                continue;
            }

            json.WriteStartArray();
            foreach (int frameId in path)
            {
                json.WriteNumberValue(frameId);
            }

            json.WriteEndArray();
            json.FlushIfLarge();
            weights.Add(durations[i]);
            previous = path;
        }

        json.WriteEndArray();
        json.WriteStartArray("weights");
        foreach (long weight in weights)
        {
            json.WriteNumberValue(weight);
            json.FlushIfLarge();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>Record indexes per thread slot, in time order; threads in first-seen order, the no-thread group last.</summary>
    private static List<(int Slot, List<int> Indexes)> GroupByThread(IReadOnlyList<TimelineRecord> records, int threadCount)
    {
        var groups = new List<int>[threadCount + 1];
        for (int i = 0; i < records.Count; i++)
        {
            int slot = records[i].Thread == SampleTimeline.NoThread ? threadCount : records[i].Thread;
            (groups[slot] ??= []).Add(i);
        }

        var result = new List<(int, List<int>)>();
        for (int slot = 0; slot <= threadCount; slot++)
        {
            if (groups[slot] is { } indexes)
            {
                result.Add((slot == threadCount ? SampleTimeline.NoThread : slot, indexes));
            }
        }

        return result;
    }
}
