using Pyflame.Core.Aggregation;
using Pyflame.Core.Model;
using Pyflame.Output.Formats;

namespace Pyflame.Output.Tests.Formats;

/// <summary>
/// 1 million samples of 10 000 distinct stacks: every format writes them, and recording stays flat in memory. How fast
/// each writer is lives in bench/Pyflame.MicroBench (ProfileFileWriterBenchmarks): a wall-clock bound here failed
/// whenever the machine was busy (ChromeTrace 29 s at load 25).
/// </summary>
public class LargeProfileTests
{
    private const int SampleCount = 1_000_000;
    private const int DistinctStacks = 10_000;

    [Fact]
    public void MillionSamples_TenThousandStacks_EveryFormatWritesThemAndRecordingStaysFlat()
    {
        ThreadStack[] stacks = [.. Enumerable.Range(0, DistinctStacks).Select(MakeStack)];
        var options = new StackAggregatorOptions(false, false, true) { Pid = 1, Command = "big", Interval = TimeSpan.FromMilliseconds(1) };
        var aggregator = new StackAggregator(options);
        var recorder = new SampleRecorder(options);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < SampleCount; i++)
        {
            // A pseudo-random walk over the stacks, so runs of equal stacks are short, as in real profiles.
            var sample = new Sample(1_700_000_000_000_000 + (i * 1000L), SampleOutcome.Stacks, [stacks[(int)((i * 7919L) % DistinctStacks)]]);
            aggregator.OnSample(sample);
            recorder.OnSample(sample);
        }

        Profile profile = aggregator.ToProfile();
        SampleTimeline timeline = recorder.ToTimeline();
        Assert.Equal(SampleCount, timeline.Records.Count);
        Assert.Equal(DistinctStacks, profile.Threads[0].Stacks.Count);

        foreach (OutputFormat format in Enum.GetValues<OutputFormat>())
        {
            using var sink = new CountingStream();
            ProfileFileWriter.Write(format, profile, timeline, sink, new ProfileWriteOptions());
            Assert.True(sink.Length > 0, $"{format} wrote nothing");
        }

        // Flat: the recorder stores 16-byte records, not per-sample objects (the test's Sample objects dominate).
        long perSample = (GC.GetAllocatedBytesForCurrentThread() - before) / SampleCount;
        Assert.True(perSample < 2_000, $"{perSample} bytes allocated per sample");
    }

    /// <summary>Depth 8..15 stacks sharing outer frames, 10 000 distinct leaves.</summary>
    private static ThreadStack MakeStack(int n)
    {
        int depth = 8 + (n % 8);
        var frames = new FrameInfo[depth];
        for (int level = 0; level < depth; level++)
        {
            int variant = level < 3 ? 0 : (n / (1 + level)) % 50;
            frames[depth - 1 - level] = new FrameInfo($"/srv/mod{level}.py", $"func_{level}_{variant}", 10 + level);
        }

        frames[0] = new FrameInfo("/srv/leaf.py", $"leaf_{n}", 1 + (n % 100));
        return new ThreadStack(1, 1, 1, "MainThread", true, false, frames);
    }

    /// <summary>A write-only stream that only counts bytes, so the test measures the writers, not storage.</summary>
    private sealed class CountingStream : Stream
    {
        private long _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => _length += count;

        public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;
    }
}
