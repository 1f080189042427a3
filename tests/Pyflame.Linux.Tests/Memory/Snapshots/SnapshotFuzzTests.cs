using Pyflame.Core.Memory.Snapshots;
using Pyflame.Core.Model;
using Pyflame.Core.Python.Discovery;
using Pyflame.Core.Python.Threads;
using Pyflame.Core.Python.Walking;
using Pyflame.Core.Sampling;
using Pyflame.Linux.Tests.Support;

namespace Pyflame.Linux.Tests.Memory.Snapshots;

/// <summary>
/// Fuzzes the readers (walker, code objects, strings, line tables, thread names through dicts) on memory recorded
/// from a live interpreter of every installed version, then corrupted (<see cref="SnapshotMutator"/>): every walk
/// must end (no hang), throw nothing, allocate a bounded amount, and where memory only went missing, no thread may
/// show a stack it did not have: the sample fails, or a thread's walk fails, never a wrong stack. The snapshot is recorded during the test, not kept as a binary blob.
/// </summary>
public sealed class SnapshotFuzzTests
{
    /// <summary>Per interpreter; with ten interpreters the whole fuzz stays within seconds of the suite's time.</summary>
    private const int Walks = 400;

    /// <summary>No walk of a few dozen recorded pages has any business allocating more (the cache budget is 64 MiB).</summary>
    private const long MaxBytesPerWalk = 32L << 20;

    private const string Script = """
        import sys, threading, time
        stop = threading.Event()
        def worker_loop():
            stop.wait(600)
        def named_worker():
            worker_loop()
        for name in ("alpha", "b\u00e9ta"):
            t = threading.Thread(target=named_worker, name=name)
            t.daemon = True
            t.start()
        def leaf():
            sys.stdout.write("READY\n")
            sys.stdout.flush()
            time.sleep(600)
        def middle():
            leaf()
        def outer():
            middle()
        outer()
        """;

    public static TheoryData<string> Interpreters() => TargetPythons.Present();

    [Theory]
    [MemberData(nameof(Interpreters))]
    public async Task Corrupted_snapshots_never_crash_hang_or_blow_up_and_missing_memory_never_shows_a_wrong_stack(string interpreter)
    {
        (MemoryFixture snapshot, PythonRuntime runtime, Sample baseline) = Record(interpreter);
        Assert.True(baseline.Outcome == SampleOutcome.Stacks, $"the recorded walk failed: {baseline.FailureReason}");
        Assert.Contains(baseline.Threads, t => t.Frames.Select(f => f.Function).SequenceEqual(["leaf", "middle", "outer", "<module>"]));
        Assert.Equal(3, baseline.Threads.Count);
        // The recording holds everything the walk read: replayed untouched, it gives the same stacks.
        Assert.Equal(Stacks(baseline), Stacks(Walk(runtime, snapshot.Pages)));

        SnapshotMutator mutator = new(snapshot.Pages);
        int failed = 0;
        string current = "";
        Task fuzz = Task.Run(() =>
        {
            for (int seed = 0; seed < Walks; seed++)
            {
                Dictionary<ulong, byte[]> pages = mutator.Mutate(new Random(seed), out string description, out bool onlyDropped);
                current = $"seed {seed}: {description}";
                long before = GC.GetAllocatedBytesForCurrentThread();
                Sample sample = Walk(runtime, pages);
                long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                Assert.True(allocated <= MaxBytesPerWalk, $"{current}: the walk allocated {allocated} bytes");
                failed += sample.Outcome == SampleOutcome.Failed ? 1 : 0;
                if (onlyDropped && sample.Outcome == SampleOutcome.Stacks)
                {
                    string wrong = string.Join('\n', StackLines(sample).Except(StackLines(baseline)));
                    Assert.True(wrong.Length == 0, $"{current}: memory went missing, yet threads show stacks they did not have:\n{wrong}");
                }
            }
        });

        // Generous for a loaded machine; a walk that loops for ever never finishes at all.
        Assert.True(await Task.WhenAny(fuzz, Task.Delay(TimeSpan.FromSeconds(120))) == fuzz, $"a walk did not end; last case: {current}");
        await fuzz;
        Assert.True(failed > 0 && failed < Walks, $"{failed} of {Walks} corrupted walks failed: the corruptions must reach what is read");
    }

    private static (MemoryFixture Snapshot, PythonRuntime Runtime, Sample Baseline) Record(string interpreter)
    {
        using PythonTarget python = PythonTarget.StartNamed(interpreter, Script, "READY");
        Thread.Sleep(200); // the main thread into its sleep
        using LinuxTargetProcess target = LinuxTargetProcess.Open(python.Pid);
        PythonRuntime runtime = InterpreterLocator.Locate(target, null);
        RecordingMemoryReader recording = new(target.Memory);
        Sample baseline = Taker(recording, runtime).Take(0, allThreads: true);
        MemoryFixture snapshot = new(runtime.Version, runtime.InterpreterHeadPointer, runtime.RuntimeAddress, runtime.ThreadStateCurrentPointer,
            runtime.CodeTypeAddress, runtime.PthreadTidOffset, recording.Pages.ToDictionary());
        return (snapshot, runtime, baseline);
    }

    private static Sample Walk(PythonRuntime runtime, IReadOnlyDictionary<ulong, byte[]> pages) =>
        Taker(new ReplayMemoryReader(pages), runtime).Take(0, allThreads: true);

    /// <summary>All threads, with their threading names (which read threading._active through the dict reader).</summary>
    private static NonBlockingSampleTaker Taker(Pyflame.Core.Memory.IMemoryReader memory, PythonRuntime runtime) =>
        new(new StackWalker(memory, runtime), activity: null, new ThreadNameCache(new ThreadNameReader(memory, runtime), TimeProvider.System));

    private static string Stacks(Sample sample) => string.Join('\n', StackLines(sample).Order(StringComparer.Ordinal));

    /// <summary>
    /// One line per thread with frames: its thread state's id and stack (a thread whose walk failed has none to compare). Not the
    /// OS id: before 3.11 it comes from glibc's thread descriptor, and a thread whose descriptor is unreadable is reported with 0.
    /// </summary>
    private static IEnumerable<string> StackLines(Sample sample) =>
        sample.Threads.Where(t => t.Frames.Count > 0).Select(t => $"{t.PthreadId:x}:" + string.Join(';', t.Frames.Select(f => $"{f.File}:{f.Function}:{f.Line}")));
}
