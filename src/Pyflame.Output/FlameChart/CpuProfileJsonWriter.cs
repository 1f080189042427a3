using System.Text.Json;

namespace Pyflame.Output.FlameChart;

/// <summary>
/// Serializes a CDP <c>Profiler.Profile</c> (the .cpuprofile file format):
/// <c>{"nodes":[...],"startTime":..,"endTime":..,"samples":[...],"timeDeltas":[...]}</c>,
/// times in microseconds, see docs/formats-and-validators.md §3.
/// </summary>
internal static class CpuProfileJsonWriter
{
    public static void Write(
        Stream output, CpuProfileTree tree, IReadOnlyList<int> samples, IReadOnlyList<long> timestamps)
    {
        long start = timestamps.Count > 0 ? timestamps[0] : 0;
        long last = timestamps.Count > 0 ? timestamps[^1] : 0;

        // DevTools gives each sample (endTime - startTime) / samples, and speedscope gives the last
        // sample no time at all; ending one average tick after the last sample makes DevTools show
        // every tick with its real interval. Ticks, not records: per-thread mode writes one record
        // per thread with the same timestamp.
        int ticks = CountDistinct(timestamps);
        long averageInterval = ticks > 1 ? (last - start) / (ticks - 1) : 0;

        using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();
        WriteNodes(json, tree);
        json.WriteNumber("startTime", start);
        json.WriteNumber("endTime", last + averageInterval);
        json.WriteStartArray("samples");
        foreach (int id in samples)
        {
            json.WriteNumberValue(id);
            json.FlushIfLarge();
        }

        json.WriteEndArray();
        json.WriteStartArray("timeDeltas");
        long previous = start; // CDP: "the first delta is relative to the profile startTime"
        foreach (long timestamp in timestamps)
        {
            json.WriteNumberValue(timestamp - previous);
            json.FlushIfLarge();
            previous = timestamp;
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
    }

    /// <summary>Distinct values of a non-decreasing list.</summary>
    private static int CountDistinct(IReadOnlyList<long> sorted)
    {
        int distinct = sorted.Count > 0 ? 1 : 0;
        for (int i = 1; i < sorted.Count; i++)
        {
            if (sorted[i] != sorted[i - 1])
            {
                distinct++;
            }
        }

        return distinct;
    }

    private static void WriteNodes(Utf8JsonWriter json, CpuProfileTree tree)
    {
        // scriptId is a string; one per distinct file, "0" for pseudo frames (as V8 does for (root)).
        var scriptIds = new Dictionary<string, string>(StringComparer.Ordinal);
        json.WriteStartArray("nodes");
        foreach (CpuProfileNode node in tree.Nodes)
        {
            CpuProfileFrame frame = node.Frame;
            json.WriteStartObject();
            json.WriteNumber("id", node.Id);
            json.WriteStartObject("callFrame");
            json.WriteString("functionName", frame.FunctionName);
            json.WriteString("scriptId", ScriptIdOf(frame, scriptIds));
            json.WriteString("url", frame.Url);
            json.WriteNumber("lineNumber", frame.LineNumber);
            json.WriteNumber("columnNumber", frame.IsSynthetic ? -1 : 0);
            json.WriteEndObject();
            json.WriteNumber("hitCount", node.HitCount);
            if (node.Children.Count > 0)
            {
                json.WriteStartArray("children");
                foreach (int child in node.Children)
                {
                    json.WriteNumberValue(child);
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
            json.FlushIfLarge();
        }

        json.WriteEndArray();
    }

    private static string ScriptIdOf(CpuProfileFrame frame, Dictionary<string, string> scriptIds)
    {
        if (frame.IsSynthetic)
        {
            return "0";
        }

        if (!scriptIds.TryGetValue(frame.Url, out string? id))
        {
            id = (scriptIds.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            scriptIds.Add(frame.Url, id);
        }

        return id;
    }
}
