using BenchmarkDotNet.Attributes;
using Pyflame.Core.Memory.Snapshots;
using Pyflame.Core.Model;
using Pyflame.Core.Python.Discovery;
using Pyflame.Core.Python.Walking;
using Pyflame.Core.Sampling;

namespace Pyflame.MicroBench;

/// <summary>
/// One sample (thread list + GIL holder's stack) on recorded memory, so only the walker's own cost is
/// measured, without syscalls. Warm: the code-object cache is filled (steady state of a long run).
/// Cold: a new walker per sample (the first sample after attach).
/// </summary>
[MemoryDiagnoser]
public class WalkerBenchmarks
{
    private ReplayMemoryReader _memory = null!;
    private PythonRuntime _runtime = null!;
    private NonBlockingSampleTaker _warm = null!;

    [Params("tree-312.pfmem.gz", "deep-312.pfmem.gz")]
    public string Fixture { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        MemoryFixture fixture = Fixtures.Load(Fixture);
        _memory = new ReplayMemoryReader(fixture.Pages);
        _runtime = fixture.ToRuntime();
        _warm = new NonBlockingSampleTaker(new StackWalker(_memory, _runtime), activity: null);
        Sample first = _warm.Take(0, allThreads: false);
        if (first.Outcome != SampleOutcome.Stacks)
        {
            throw new InvalidOperationException($"{Fixture} replays as {first.Outcome}: {first.FailureReason} (re-record it, see bench/README.md)");
        }
    }

    [Benchmark(Baseline = true)]
    public int WalkWarm() => _warm.Take(0, allThreads: false).Threads[0].Frames.Count;

    [Benchmark]
    public int WalkCold() =>
        new NonBlockingSampleTaker(new StackWalker(_memory, _runtime), activity: null).Take(0, allThreads: false).Threads[0].Frames.Count;
}
