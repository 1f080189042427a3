using System.IO.Compression;
using Google.Protobuf;
using Perftools.Profiles;
using Pyflame.Core.Aggregation;
using Pyflame.Core.Model;
using Profile = Pyflame.Core.Aggregation.Profile;
using Sample = Perftools.Profiles.Sample;
using Pyflame.Output.Formats;

namespace Pyflame.Output.Pprof;

/// <summary>
/// <c>--format pprof</c>: a gzipped <c>profile.proto</c> for <c>go tool pprof</c> and friends. Two values
/// per sample: <c>samples/count</c> and <c>wall/nanoseconds</c> (count × interval). One function per
/// (name, file), one location per (function, line); stacks are leaf first as pprof wants. With
/// --threads each sample carries <c>thread</c> and <c>thread_id</c> labels; idle stacks get an
/// <c>(idle)</c> frame at their root, as in the folded output.
/// <para>
/// <c>Function.system_name</c> is left empty on purpose: when it equals <c>name</c>, pprof's demangler
/// strips <c>&lt;...&gt;</c> from names it mistakes for C++ and Python's <c>&lt;module&gt;</c> vanishes
/// (docs/formats-and-validators.md §4).
/// </para>
/// </summary>
public static class PprofWriter
{
    public static void Write(Profile profile, Stream output, ProfileWriteOptions options)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(options);

        Perftools.Profiles.Profile proto = Build(profile, options);
        using var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true);
        proto.WriteTo(gzip);
    }

    internal static Perftools.Profiles.Profile Build(Profile profile, ProfileWriteOptions options)
    {
        var table = new PprofTables();
        long intervalNanos = (long)(profile.Metadata.Interval.TotalMilliseconds * 1_000_000);
        var proto = new Perftools.Profiles.Profile
        {
            PeriodType = new Perftools.Profiles.ValueType { Type = table.String("wall"), Unit = table.String("nanoseconds") },
            Period = intervalNanos,
            DurationNanos = (long)(profile.Metadata.Duration.TotalMilliseconds * 1_000_000),
            TimeNanos = profile.Metadata.StartTime is { } start ? (start - DateTimeOffset.UnixEpoch).Ticks * 100 : 0,
        };
        proto.SampleType.Add(new Perftools.Profiles.ValueType { Type = table.String("samples"), Unit = table.String("count") });
        proto.SampleType.Add(new Perftools.Profiles.ValueType { Type = table.String("wall"), Unit = table.String("nanoseconds") });
        proto.DefaultSampleType = table.String("wall");
        proto.Comment.Add(table.String($"{options.Exporter}: {Timeline.ThreadLabels.ProcessOf(profile.Metadata)}"));

        AddPseudoSample(proto, table, FrameText.Idle, profile.IdleCount, intervalNanos);
        AddPseudoSample(proto, table, FrameText.Failed, profile.FailedCount, intervalNanos);
        foreach (ProfileThread thread in profile.Threads)
        {
            foreach (StackCount stack in thread.Stacks)
            {
                var sample = new Sample();
                for (int i = stack.Frames.Count - 1; i >= 0; i--)
                {
                    FrameInfo frame = stack.Frames[i];
                    sample.LocationId.Add(table.Location(frame.Function, frame.File, frame.Line));
                }

                if (stack.IsIdle)
                {
                    sample.LocationId.Add(table.Location(FrameText.Idle, "", 0));
                }

                if (sample.LocationId.Count == 0)
                {
                    continue;
                }

                sample.Value.Add(stack.Count);
                sample.Value.Add(stack.Count * intervalNanos);
                if (profile.PerThread)
                {
                    AddThreadLabels(sample, table, thread);
                }

                proto.Sample.Add(sample);
            }
        }

        proto.Function.AddRange(table.Functions);
        proto.Location.AddRange(table.Locations);
        proto.StringTable.AddRange(table.Strings);
        return proto;
    }

    private static void AddPseudoSample(Perftools.Profiles.Profile proto, PprofTables table, string name, long count, long intervalNanos)
    {
        if (count <= 0)
        {
            return;
        }

        var sample = new Sample();
        sample.LocationId.Add(table.Location(name, "", 0));
        sample.Value.Add(count);
        sample.Value.Add(count * intervalNanos);
        proto.Sample.Add(sample);
    }

    private static void AddThreadLabels(Sample sample, PprofTables table, ProfileThread thread)
    {
        string name = string.IsNullOrEmpty(thread.Name) ? $"thread {thread.NativeThreadId}" : thread.Name;
        sample.Label.Add(new Label { Key = table.String("thread"), Str = table.String(name) });
        sample.Label.Add(new Label { Key = table.String("thread_id"), Num = thread.NativeThreadId });
        if (thread.Process is { } process)
        {
            sample.Label.Add(new Label { Key = table.String("pid"), Num = process.Pid });
            sample.Label.Add(new Label { Key = table.String("process"), Str = table.String(process.Command) });
        }
    }
}
