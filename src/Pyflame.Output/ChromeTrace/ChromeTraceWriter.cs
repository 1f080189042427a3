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
/// differ end and the new ones begin, at the sample's time; a thread that is not sampled in the next
/// tick (GIL mode: another thread holds the GIL) ends all its slices then. Events are written thread
/// by thread, each thread in time order, and each event starts with <c>ph</c> and <c>ts</c>
/// (Perfetto's tokenizer wants those before any array). Timestamps are microseconds since the Unix epoch. With
/// <c>--subprocesses</c> each process's threads carry that process's pid, so viewers group them under it.
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
        var events = new TraceEventWriter(new Utf8JsonWriter(output), paths);

        events.Json.WriteStartObject();
        events.Json.WriteStartArray("traceEvents");
        WriteNames(events, pid, profile, timeline);

        foreach ((int trackPid, int tid, List<int> indexes) in TracksOf(records, timeline, pid))
        {
            WriteTrack(events, trackPid, tid, indexes, records, durations, paths);
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

    /// <summary>
    /// One thread's slices: a record lasts until the next sampler tick; if the thread is sampled again
    /// in that tick only the frames that changed end and begin, otherwise its whole stack ends there.
    /// </summary>
    private static void WriteTrack(TraceEventWriter events, int pid, int tid, List<int> indexes, IReadOnlyList<TimelineRecord> records, long[] durations, TimelinePaths paths)
    {
        int[] open = [];
        long openUntil = long.MinValue;
        foreach (int i in indexes)
        {
            long time = records[i].TimestampMicroseconds;
            if (open.Length > 0 && time != openUntil)
            {
                events.Transition(pid, tid, open, [], openUntil);
                open = [];
            }

            int[] path = paths.PathOf(records[i]);
            events.Transition(pid, tid, open, path, time);
            open = path;
            openUntil = time + durations[i];
        }

        events.Transition(pid, tid, open, [], openUntil);
    }

    /// <summary>
    /// Record indexes per track (pid, tid: a thread's own process with --subprocesses, so each process is a process
    /// in the viewer too), threads in first-seen order, then the no-thread track. Each
    /// track is written whole, in time order: B/E pairs then nest within the file as well as within the
    /// thread, which readers that keep one B/E stack for the whole file (DevTools' engine) need.
    /// </summary>
    private static List<(int Pid, int Tid, List<int> Indexes)> TracksOf(IReadOnlyList<TimelineRecord> records, SampleTimeline timeline, int pid)
    {
        int count = timeline.Threads.Count;
        var groups = new List<int>[count + 1];
        for (int i = 0; i < records.Count; i++)
        {
            int slot = records[i].Thread == SampleTimeline.NoThread ? count : records[i].Thread;
            (groups[slot] ??= []).Add(i);
        }

        var tracks = new List<(int, int, List<int>)>();
        for (int slot = 0; slot <= count; slot++)
        {
            if (groups[slot] is { } indexes)
            {
                tracks.Add(slot == count ? (pid, NoThreadTid, indexes) : (PidOf(timeline.Threads[slot], pid), timeline.Threads[slot].NativeThreadId, indexes));
            }
        }

        return tracks;
    }

    private static int PidOf(TimelineThread thread, int pid) => thread.Process?.Pid ?? pid;

    private static void WriteNames(TraceEventWriter events, int pid, Profile profile, SampleTimeline timeline)
    {
        events.Metadata("process_name", pid, null, ThreadLabels.ProcessOf(profile.Metadata));
        foreach (SampleProcess process in timeline.Threads.Select(t => t.Process).OfType<SampleProcess>().Distinct())
        {
            if (process.Pid != pid)
            {
                events.Metadata("process_name", process.Pid, null, process.RootFrame.Function);
            }
        }

        for (int slot = 0; slot < timeline.Threads.Count; slot++)
        {
            TimelineThread thread = timeline.Threads[slot];
            // With --subprocesses each name also says its process, for viewers that list threads without theirs.
            int threadPid = PidOf(thread, pid);
            events.Metadata("thread_name", threadPid, thread.NativeThreadId, string.IsNullOrEmpty(thread.Name) || thread.Process is not null ? ThreadLabels.Of(thread) : thread.Name);
            events.Metadata("thread_sort_index", threadPid, thread.NativeThreadId, slot);
        }

        if (timeline.Records.Any(r => r.Thread == SampleTimeline.NoThread))
        {
            events.Metadata("thread_name", pid, NoThreadTid, ThreadLabels.NoThreadName);
        }
    }
}
