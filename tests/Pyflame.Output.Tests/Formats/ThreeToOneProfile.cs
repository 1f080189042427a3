using Pyflame.Core.Aggregation;
using Pyflame.Core.Model;
using Pyflame.Output.Formats;
using static Pyflame.Output.Tests.TestSamples;

namespace Pyflame.Output.Tests.Formats;

/// <summary>
/// 40 samples 10 ms apart with a known 3:1 split: compute (30 samples, 300 ms) and io_wait (10, 100 ms),
/// both called from main from &lt;module&gt;, interleaved (3 compute then 1 io_wait), written once in every
/// format into a temp folder shared by the consumer tests.
/// </summary>
public sealed class ThreeToOneProfile : IDisposable
{
    public const long Start = 1_700_000_000_000_000;
    public const long Tick = 10_000;
    public static readonly FrameInfo Compute = new("/srv/app.py", "compute", 20);
    public static readonly FrameInfo IoWait = new("/srv/app.py", "io_wait", 30);

    public ThreeToOneProfile()
    {
        Directory = Path.Combine(Path.GetTempPath(), $"pyflame-formats-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(Directory);
        (Profile profile, SampleTimeline timeline) = Record(new StackAggregatorOptions(false, false, true), Samples(perThread: false));
        (Profile threads, SampleTimeline threadTimeline) = Record(new StackAggregatorOptions(true, false, true), Samples(perThread: true));
        foreach (OutputFormat format in Enum.GetValues<OutputFormat>())
        {
            Write(format, profile, timeline, PathOf(format), new ProfileWriteOptions(Exporter: "pyflame@test"));
            Write(format, threads, threadTimeline, PathOf(format, "threads"), new ProfileWriteOptions(Exporter: "pyflame@test"));
        }

        Write(OutputFormat.Svg, profile, timeline, PathOf(OutputFormat.Svg, "icicle"), new ProfileWriteOptions(Icicle: true));
    }

    public string Directory { get; }

    public string PathOf(OutputFormat format, string variant = "gil") =>
        Path.Combine(Directory, $"{variant}.{OutputFormats.NameOf(format)}");

    public static (Profile Profile, SampleTimeline Timeline) Record(StackAggregatorOptions options, IEnumerable<Sample> samples)
    {
        options = options with { Pid = 4242, Command = "python3 app.py", Interval = TimeSpan.FromMilliseconds(10) };
        var aggregator = new StackAggregator(options);
        var recorder = new SampleRecorder(options);
        foreach (Sample sample in samples)
        {
            aggregator.OnSample(sample);
            recorder.OnSample(sample);
        }

        return (aggregator.ToProfile(), recorder.ToTimeline());
    }

    /// <summary>GIL mode: only the main thread. Per-thread: also an idle "worker" thread waiting in every sample.</summary>
    public static IEnumerable<Sample> Samples(bool perThread) => Enumerable.Range(0, 40).Select(i =>
    {
        ThreadStack main = Thread(4242, "MainThread", false, i % 4 == 3 ? IoWait : Compute, Main, Module);
        return perThread ? Stacks(Start + (i * Tick), main, Thread(4243, "worker", true, Wait)) : Stacks(Start + (i * Tick), main);
    });

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    private static void Write(OutputFormat format, Profile profile, SampleTimeline timeline, string path, ProfileWriteOptions options)
    {
        using FileStream file = File.Create(path);
        ProfileFileWriter.Write(format, profile, timeline, file, options);
    }
}
