using Pyflame.Core.Aggregation;
using Pyflame.Core.Model;

namespace Pyflame.Core.Tests.Aggregation;

public class StackAggregatorTests
{
    private static readonly FrameInfo Module = new("/app.py", "<module>", 10);
    private static readonly FrameInfo Main = new("/app.py", "main", 3);
    private static readonly FrameInfo Work = new("/app.py", "work", 7);

    private static ThreadStack Thread(int tid, string? name, bool idle, params FrameInfo[] innermostFirst) =>
        new(0x1000UL + (ulong)tid, 0x7f00UL + (ulong)tid, tid, name, HoldsGil: !idle, IsIdle: idle, innermostFirst);

    private static Sample Stacks(long ts, params ThreadStack[] threads) => new(ts, SampleOutcome.Stacks, threads);

    private static string Describe(StackCount s) =>
        (s.IsIdle ? "(idle);" : "") + string.Join(";", s.Frames.Select(f => $"{f.Function}:{f.Line}")) + " " + s.Count;

    [Fact]
    public void GilMode_CountsStacksIdleAndFailed_OutermostFirst()
    {
        var agg = new StackAggregator(new StackAggregatorOptions(false, false, true) { Pid = 42, Command = "python app.py" });
        agg.OnSample(Stacks(1_000, Thread(5, "MainThread", false, Work, Main, Module)));
        agg.OnSample(Stacks(2_000, Thread(5, "MainThread", false, Work, Main, Module)));
        agg.OnSample(Stacks(3_000, Thread(6, "T2", false, Main, Module)));
        agg.OnSample(new Sample(4_000, SampleOutcome.Idle, []));
        agg.OnSample(new Sample(5_000, SampleOutcome.Failed, [], ReadFailure.Changing("torn read")));
        agg.OnCompleted();

        Profile p = agg.ToProfile();

        Assert.False(p.PerThread);
        Assert.Equal(1, p.IdleCount);
        Assert.Equal(1, p.FailedCount);
        Assert.Equal(5, p.TotalSamples);
        ProfileThread group = Assert.Single(p.Threads);
        Assert.Equal(0, group.NativeThreadId);
        Assert.Equal(new[] { "<module>:10;main:3;work:7 2", "<module>:10;main:3 1" }, group.Stacks.Select(Describe));
        Assert.Equal(42, p.Metadata.Pid);
        Assert.Equal("python app.py", p.Metadata.Command);
        Assert.Equal(5, p.Metadata.SampleCount);
        Assert.Equal(TimeSpan.FromMilliseconds(4), p.Metadata.Duration);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddMilliseconds(1), p.Metadata.StartTime);
    }

    [Fact]
    public void GilMode_ExcludeIdle_DropsIdleButKeepsFailed()
    {
        var agg = new StackAggregator(new StackAggregatorOptions(false, true, true));
        agg.OnSample(new Sample(1, SampleOutcome.Idle, []));
        agg.OnSample(new Sample(2, SampleOutcome.Failed, []));
        agg.OnSample(Stacks(3, Thread(5, null, false, Main)));

        Profile p = agg.ToProfile();

        Assert.Equal(0, p.IdleCount);
        Assert.Equal(1, p.FailedCount);
        Assert.Equal(2, p.TotalSamples);
        Assert.Equal(3, p.Metadata.SampleCount);
    }

    [Fact]
    public void GilMode_SampleWithoutAnyStack_CountsAsIdle()
    {
        var agg = new StackAggregator(new StackAggregatorOptions(false, false, true));
        agg.OnSample(Stacks(1));
        agg.OnSample(Stacks(2, Thread(5, null, false)));

        Assert.Equal(2, agg.ToProfile().IdleCount);
    }

    [Fact]
    public void LineNumbersOff_MergesFramesDifferingOnlyByLine()
    {
        var agg = new StackAggregator(new StackAggregatorOptions(false, false, LineNumbers: false));
        agg.OnSample(Stacks(1, Thread(5, null, false, Work, Module)));
        agg.OnSample(Stacks(2, Thread(5, null, false, Work with { Line = 99 }, Module with { Line = 11 })));

        StackCount only = Assert.Single(Assert.Single(agg.ToProfile().Threads).Stacks);
        Assert.Equal("<module>:0;work:0 2", Describe(only));
    }

    [Fact]
    public void PerThread_AFailedThreadCountsAsFailedUnderItsOwnRoot_AndTheOthersKeepTheirStacks()
    {
        var agg = new StackAggregator(new StackAggregatorOptions(PerThread: true, ExcludeIdle: false, LineNumbers: true));
        ThreadStack failed = new(0x2000, 0x7f02, 2, "worker", HoldsGil: false, IsIdle: false, [], ReadFailure.Changing("torn read"));
        agg.OnSample(Stacks(1, Thread(1, "MainThread", false, Work, Main), failed));
        agg.OnSample(Stacks(2, Thread(1, "MainThread", false, Work, Main), failed));

        Profile p = agg.ToProfile();

        Assert.Equal(0, p.FailedCount);
        ProfileThread worker = p.Threads.Single(t => t.NativeThreadId == 2);
        StackCount stack = Assert.Single(worker.Stacks);
        Assert.True(stack.IsFailed);
        Assert.Empty(stack.Frames);
        Assert.Equal(2, stack.Count);
        Assert.Equal(["main:3;work:7 2"], p.Threads.Single(t => t.NativeThreadId == 1).Stacks.Select(Describe));
    }

    [Fact]
    public void PerThread_GroupsByThreadInFirstSeenOrder_WithIdleFrameBelowRoot()
    {
        var agg = new StackAggregator(new StackAggregatorOptions(true, false, true));
        agg.OnSample(Stacks(1, Thread(9, "worker", true, Main, Module), Thread(5, null, false, Work, Module)));
        agg.OnSample(Stacks(2, Thread(5, "MainThread", false, Work, Module), Thread(9, "worker", true, Main, Module)));
        agg.OnSample(Stacks(3, Thread(5, "MainThread", false, Main, Module)));

        Profile p = agg.ToProfile();

        Assert.True(p.PerThread);
        Assert.Equal(new[] { 9, 5 }, p.Threads.Select(t => t.NativeThreadId));
        Assert.Equal(new[] { 0, 1 }, p.Threads.Select(t => t.FirstSeenOrder));
        Assert.Equal("MainThread", p.Threads[1].Name); // named late: the last name seen wins
        Assert.Equal(0x7f09UL, p.Threads[0].PthreadId);
        Assert.Equal(new[] { "(idle);<module>:10;main:3 2" }, p.Threads[0].Stacks.Select(Describe));
        Assert.Equal(new[] { "<module>:10;work:7 2", "<module>:10;main:3 1" }, p.Threads[1].Stacks.Select(Describe));
        Assert.Equal(5, p.TotalSamples);
        Assert.Equal(0, p.IdleCount);
    }

    [Fact]
    public void PerThread_ExcludeIdle_DropsIdleThreadsEntirely()
    {
        var agg = new StackAggregator(new StackAggregatorOptions(true, true, true));
        agg.OnSample(Stacks(1, Thread(9, "worker", true, Main), Thread(5, null, false, Work)));
        agg.OnSample(new Sample(2, SampleOutcome.Idle, [Thread(5, null, false, Work)]));

        Profile p = agg.ToProfile();

        ProfileThread only = Assert.Single(p.Threads);
        Assert.Equal(5, only.NativeThreadId);
        Assert.Equal(new[] { "work:7 1" }, only.Stacks.Select(Describe));
        Assert.Equal(0, p.IdleCount);
    }

    [Fact]
    public void PerThread_IdleSampleWithNoThreads_CountsGlobalIdle()
    {
        var agg = new StackAggregator(new StackAggregatorOptions(true, false, true));
        agg.OnSample(new Sample(1, SampleOutcome.Idle, []));

        Profile p = agg.ToProfile();
        Assert.Equal(1, p.IdleCount);
        Assert.Empty(p.Threads);
    }

    [Fact]
    public void StackThatIsPrefixOfAnother_IsCountedSeparately()
    {
        var agg = new StackAggregator(new StackAggregatorOptions(false, false, true));
        agg.OnSample(Stacks(1, Thread(5, null, false, Main, Module)));
        agg.OnSample(Stacks(2, Thread(5, null, false, Module)));
        agg.OnSample(Stacks(3, Thread(5, null, false, Module)));

        Assert.Equal(new[] { "<module>:10 2", "<module>:10;main:3 1" },
            Assert.Single(agg.ToProfile().Threads).Stacks.Select(Describe));
    }

    [Fact]
    public void ToProfile_IsASnapshot_LaterSamplesDoNotChangeIt()
    {
        var agg = new StackAggregator(new StackAggregatorOptions(false, false, true));
        agg.OnSample(Stacks(1, Thread(5, null, false, Main)));
        Profile before = agg.ToProfile();
        agg.OnSample(Stacks(2, Thread(5, null, false, Main)));

        Assert.Equal(1, Assert.Single(Assert.Single(before.Threads).Stacks).Count);
        Assert.Equal(2, Assert.Single(Assert.Single(agg.ToProfile().Threads).Stacks).Count);
    }

    [Fact]
    public void ManySamplesOfKnownStacks_AllocateLittle()
    {
        var agg = new StackAggregator(new StackAggregatorOptions(true, false, true));
        Sample sample = Stacks(1, Thread(5, "MainThread", false, Work, Main, Module), Thread(9, "w", true, Main, Module));
        agg.OnSample(sample); // warm up: frames, trie nodes and threads are created here

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            agg.OnSample(sample);
        }

        long perSample = (GC.GetAllocatedBytesForCurrentThread() - before) / 10_000;
        Assert.True(perSample < 64, $"allocated {perSample} bytes per sample");
        Assert.Equal(10_001, agg.ToProfile().Threads[0].Stacks[0].Count);
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void Stacks_sharing_callers_in_any_order_count_as_a_plain_count_of_each_stack(bool perThread, bool lineNumbers)
    {
        // Consecutive stacks share outer frames, differ at any depth, get shorter and longer, switch threads, and
        // come as equal frames that are different objects: the counts must be those of counting each stack whole.
        Random random = new(1234);
        FrameInfo[] pool = [.. Enumerable.Range(0, 6).Select(i => new FrameInfo("/app.py", $"f{i % 3}", 10 + i))];
        StackAggregator agg = new(new StackAggregatorOptions(perThread, ExcludeIdle: false, lineNumbers));
        Dictionary<string, long> expected = [];
        FrameInfo[] previous = [Module];
        for (int i = 0; i < 5_000; i++)
        {
            int keep = random.Next(previous.Length + 1);
            FrameInfo[] outermostFirst = [.. previous.Take(keep).Select(f => random.Next(4) == 0 ? f with { } : f),
                .. Enumerable.Range(0, random.Next(4)).Select(_ => pool[random.Next(pool.Length)])];
            if (outermostFirst.Length == 0)
            {
                outermostFirst = [Module];
            }

            int tid = perThread ? 1 + random.Next(2) : 5;
            agg.OnSample(Stacks(i, Thread(tid, null, false, [.. outermostFirst.Reverse()])));
            string key = (perThread ? $"{tid}|" : "") + string.Join(";", outermostFirst.Select(f => $"{f.Function}:{(lineNumbers ? f.Line : 0)}"));
            expected[key] = expected.GetValueOrDefault(key) + 1;
            previous = outermostFirst;
        }

        Dictionary<string, long> counted = agg.ToProfile().Threads
            .SelectMany(t => t.Stacks.Select(s => ((perThread ? $"{t.NativeThreadId}|" : "") + string.Join(";", s.Frames.Select(f => $"{f.Function}:{f.Line}")), s.Count)))
            .ToDictionary(p => p.Item1, p => p.Count);
        Assert.Equal(expected.OrderBy(p => p.Key), counted.OrderBy(p => p.Key));
    }
}
