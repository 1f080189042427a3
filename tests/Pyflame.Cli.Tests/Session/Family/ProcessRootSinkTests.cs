using Pyflame.Cli.Session.Family;
using Pyflame.Core.Model;
using Pyflame.Core.Sampling;

namespace Pyflame.Cli.Tests.Session.Family;

public sealed class ProcessRootSinkTests
{
    private static readonly SampleProcess Process = new(42, "python3 app.py");
    private static readonly FrameInfo Work = new("/srv/app.py", "work", 7);
    private static readonly FrameInfo Module = new("/srv/app.py", "<module>", 10);

    private sealed class Collecting : ISampleSink
    {
        public List<Sample> Samples { get; } = [];

        public bool Completed { get; private set; }

        public void OnSample(Sample sample) => Samples.Add(sample);

        public void OnCompleted() => Completed = true;
    }

    private static Sample Tick(params ThreadStack[] threads) => new(1, SampleOutcome.Stacks, threads);

    private static ThreadStack Thread(int tid, params FrameInfo[] frames) => new(0x10, 0x20, tid, null, true, false, frames);

    [Fact]
    public void Gil_mode_roots_each_stack_at_the_process_frame_and_leaves_empty_stacks_empty()
    {
        Collecting inner = new();
        ProcessRootSink sink = new(inner, Process, perThread: false);

        sink.OnSample(Tick(Thread(43, Work, Module), Thread(44)));

        ThreadStack[] threads = [.. inner.Samples.Single().Threads];
        Assert.Equal([Work, Module, Process.RootFrame], threads[0].Frames);
        Assert.Empty(threads[1].Frames); // still counts as idle, not as a sample of the bare process
        Assert.All(threads, t => Assert.Equal(Process, t.Process));
    }

    [Fact]
    public void Per_thread_mode_tags_threads_without_touching_frames_and_completion_is_not_passed_on()
    {
        Collecting inner = new();
        ProcessRootSink sink = new(inner, Process, perThread: true);

        sink.OnSample(Tick(Thread(43, Work, Module)));
        sink.OnCompleted();

        ThreadStack thread = inner.Samples.Single().Threads.Single();
        Assert.Equal([Work, Module], thread.Frames);
        Assert.Equal(Process, thread.Process);
        Assert.False(inner.Completed); // other processes may still be sampling into the same sinks
    }
}
