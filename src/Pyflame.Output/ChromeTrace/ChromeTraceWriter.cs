using System.Text.Json;
using Pyflame.Core.Aggregation;
using Pyflame.Core.Model;
using Pyflame.Output.Formats;
using Pyflame.Output.Timeline;

namespace Pyflame.Output.ChromeTrace;

/// <summary>
/// <c>--format chrome-trace</c>: the Trace Event Format (JSON object form) for Perfetto,
/// chrome://tracing and the DevTools Performance panel. Each thread is a track; consecutive samples
/// are turned into nested <c>B</c>/<c>E</c> slices: when a thread's stack changes, the frames that
/// differ end and the new ones begin, at the sample's time; a thread that is not sampled in a tick
/// (GIL mode: another thread holds the GIL) ends all its slices there. Events are written in time
/// order, and each event starts with <c>ph</c> and <c>ts</c> (Perfetto's tokenizer wants those before
/// any array). Timestamps are microseconds since the Unix epoch.
/// </summary>
public static class ChromeTraceWriter
{
    /// <summary>tid of the track for records without a thread (no Linux thread has id 0).</summary>
    public const int NoThreadTid = 0;

    public static void Write(Profile profile, SampleTimeline timeline, Stream output, ProfileWriteOptions options)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(timeline);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(options);

        int pid = profile.Metadata.Pid > 0 ? profile.Metadata.Pid : 1;
        IReadOnlyList<TimelineRecord> records = timeline.Records;
        long[] durations = TickDurations.Compute(records, (long)profile.Metadata.Interval.TotalMicroseconds);
        var paths = new TimelinePaths(timeline);
        var events = new TraceEventWriter(new Utf8JsonWriter(output), pid, paths);

        events.Json.WriteStartObject();
        events.Json.WriteStartArray("traceEvents");
        WriteNames(events, profile, timeline);

        // Open frame path per thread slot (slot count = the no-thread track).
        int noThreadSlot = timeline.Threads.Count;
        var open = new int[]?[noThreadSlot + 1];
        var present = new bool[noThreadSlot + 1];
        int i = 0;
        while (i < records.Count)
        {
            long tick = records[i].TimestampMicroseconds;
            int end = i;
            while (end < records.Count && records[end].TimestampMicroseconds == tick)
            {
                end++;
            }

            Array.Clear(present);
            for (int r = i; r < end; r++)
            {
                present[SlotOf(records[r], noThreadSlot)] = true;
            }

            for (int slot = 0; slot < open.Length; slot++)
            {
                if (!present[slot] && open[slot] is { } stale)
                {
                    events.Transition(TidOf(slot, timeline), stale, [], tick);
                    open[slot] = null;
                }
            }

            for (int r = i; r < end; r++)
            {
                int slot = SlotOf(records[r], noThreadSlot);
                int[] path = paths.PathOf(records[r]);
                events.Transition(TidOf(slot, timeline), open[slot] ?? [], path, tick);
                open[slot] = path;
            }

            i = end;
        }

        long finish = records.Count > 0 ? records[^1].TimestampMicroseconds + durations[^1] : 0;
        for (int slot = 0; slot < open.Length; slot++)
        {
            if (open[slot] is { } last)
            {
                events.Transition(TidOf(slot, timeline), last, [], finish);
            }
        }

        events.Json.WriteEndArray();
        events.Json.WriteString("displayTimeUnit", "ms");
        events.Json.WriteStartObject("otherData");
        events.Json.WriteString("producer", options.Exporter);
        events.Json.WriteString("target", ThreadLabels.ProcessOf(profile.Metadata));
        events.Json.WriteNumber("samples", profile.Metadata.SampleCount);
        events.Json.WriteNumber("intervalMicroseconds", (long)profile.Metadata.Interval.TotalMicroseconds);
        events.Json.WriteEndObject();
        events.Json.WriteEndObject();
        events.Json.Flush();
        events.Json.Dispose();
    }

    private static int SlotOf(TimelineRecord record, int noThreadSlot) =>
        record.Thread == SampleTimeline.NoThread ? noThreadSlot : record.Thread;

    private static int TidOf(int slot, SampleTimeline timeline) =>
        slot < timeline.Threads.Count ? timeline.Threads[slot].NativeThreadId : NoThreadTid;

    private static void WriteNames(TraceEventWriter events, Profile profile, SampleTimeline timeline)
    {
        events.Metadata("process_name", null, ThreadLabels.ProcessOf(profile.Metadata));
        for (int slot = 0; slot < timeline.Threads.Count; slot++)
        {
            TimelineThread thread = timeline.Threads[slot];
            events.Metadata("thread_name", thread.NativeThreadId, string.IsNullOrEmpty(thread.Name) ? ThreadLabels.Of(thread) : thread.Name);
            events.Metadata("thread_sort_index", thread.NativeThreadId, slot);
        }

        if (timeline.Records.Any(r => r.Thread == SampleTimeline.NoThread))
        {
            events.Metadata("thread_name", NoThreadTid, ThreadLabels.NoThreadName);
        }
    }
}
