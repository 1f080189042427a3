using System.Text;
using Pyflame.Core.Aggregation;
using Pyflame.Core.Model;
using Pyflame.Output.Timeline;

namespace Pyflame.Output.FlameChart;

/// <summary>
/// <c>--format cpuprofile</c>: the recorded timeline as a Chrome DevTools <c>.cpuprofile</c>. It builds
/// the same call tree and JSON as <see cref="FlameChartJsonConverter"/> does from <c>-T</c> text (same
/// <see cref="CpuProfileTree"/>, same <see cref="CpuProfileJsonWriter"/>, same pseudo frames), so
/// <c>pyflame -T | utils/flame-chart-json</c> and <c>pyflame --format cpuprofile</c> agree.
/// </summary>
public static class CpuProfileWriter
{
    public static void Write(Profile profile, SampleTimeline timeline, Stream output)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(timeline);
        ArgumentNullException.ThrowIfNull(output);

        var tree = new CpuProfileTree(FlameChartJsonConverter.MaxNodes);
        var paths = new TimelinePaths(timeline);
        var leaves = new Dictionary<(int Thread, int Stack, TimelineMark Mark), int>();
        var frames = new CpuProfileFrame?[paths.FrameCount];
        var samples = new List<int>(timeline.Records.Count);
        var timestamps = new List<long>(timeline.Records.Count);
        foreach (TimelineRecord record in timeline.Records)
        {
            if (!leaves.TryGetValue((record.Thread, record.Stack, record.Mark), out int leaf))
            {
                leaf = AddPath(tree, timeline, paths, frames, record);
                if (leaf < 0)
                {
                    continue; // node limit reached: this (rare, huge) stack is left out rather than failing the file
                }

                leaves.Add((record.Thread, record.Stack, record.Mark), leaf);
            }

            tree.Hit(leaf);
            samples.Add(leaf);
            timestamps.Add(record.TimestampMicroseconds);
        }

        CpuProfileJsonWriter.Write(output, tree, samples, timestamps);
    }

    private static int AddPath(CpuProfileTree tree, SampleTimeline timeline, TimelinePaths paths, CpuProfileFrame?[] frames, TimelineRecord record)
    {
        int node = CpuProfileTree.RootId;
        if (timeline.PerThread && record.Thread != SampleTimeline.NoThread)
        {
            // The same "(thread TID NAME)" root the -T text has in per-thread mode.
            TimelineThread thread = timeline.Threads[record.Thread];
            if (thread.Process is { } process && !tree.TryGetOrAddChild(node, new CpuProfileFrame(process.RootFrame.Function, "", -1), out node))
            {
                return -1;
            }

            var root = new StringBuilder();
            FrameText.AppendThreadRoot(root, thread.NativeThreadId, thread.Name);
            if (!tree.TryGetOrAddChild(node, new CpuProfileFrame(root.ToString(), "", -1), out node))
            {
                return -1;
            }
        }

        foreach (int frameId in paths.PathOf(record))
        {
            CpuProfileFrame frame = frames[frameId] ??= ToCallFrame(paths, frameId);
            if (!tree.TryGetOrAddChild(node, frame, out node))
            {
                return -1;
            }
        }

        return node;
    }

    /// <summary>CDP line numbers are 0-based, -1 when unknown (Pyflame's line 0).</summary>
    private static CpuProfileFrame ToCallFrame(TimelinePaths paths, int frameId) =>
        paths.SourceOf(frameId) is FrameInfo source
            ? new CpuProfileFrame(source.Function, source.File, source.Line > 0 ? source.Line - 1 : -1)
            : new CpuProfileFrame(paths.NameOf(frameId), "", -1);
}
