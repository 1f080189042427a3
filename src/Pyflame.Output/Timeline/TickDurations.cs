using Pyflame.Core.Aggregation;

namespace Pyflame.Output.Timeline;

/// <summary>
/// How long each record lasted: until the next sampler tick (the next distinct timestamp), the last
/// tick for one sampling interval. Records of one tick (one per thread) share the tick's duration.
/// </summary>
internal static class TickDurations
{
    /// <param name="interval">Requested interval in µs; when 0 the average tick spacing is used (1 µs at least).</param>
    public static long[] Compute(IReadOnlyList<TimelineRecord> records, long interval)
    {
        var durations = new long[records.Count];
        if (records.Count == 0)
        {
            return durations;
        }

        long last = records[^1].TimestampMicroseconds;
        long lastDuration = interval > 0 ? interval : AverageSpacing(records);
        long nextTick = last + lastDuration;
        for (int i = records.Count - 1; i >= 0; i--)
        {
            long time = records[i].TimestampMicroseconds;
            if (i + 1 < records.Count && records[i + 1].TimestampMicroseconds != time)
            {
                nextTick = records[i + 1].TimestampMicroseconds;
            }

            durations[i] = Math.Max(0, nextTick - time);
        }

        return durations;
    }

    private static long AverageSpacing(IReadOnlyList<TimelineRecord> records)
    {
        int ticks = 1;
        for (int i = 1; i < records.Count; i++)
        {
            if (records[i].TimestampMicroseconds != records[i - 1].TimestampMicroseconds)
            {
                ticks++;
            }
        }

        long span = records[^1].TimestampMicroseconds - records[0].TimestampMicroseconds;
        return ticks > 1 ? Math.Max(1, span / (ticks - 1)) : 1;
    }
}
