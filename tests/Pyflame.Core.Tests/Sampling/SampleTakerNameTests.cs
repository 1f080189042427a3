using Pyflame.Core.Model;
using Pyflame.Core.Python.Layouts;
using Pyflame.Core.Python.Threads;
using Pyflame.Core.Python.Walking;
using Pyflame.Core.Sampling;
using Pyflame.Core.Tests.Fakes;

namespace Pyflame.Core.Tests.Sampling;

/// <summary>Thread names reach all-threads samples; GIL-holder samples stay as they were (no names, no reads).</summary>
public sealed class SampleTakerNameTests
{
    private readonly PyHeapBuilder _heap = new(GeneratedLayouts.Python310);
    private readonly CountingNames _names = new();

    public SampleTakerNameTests()
    {
        ulong main = _heap.Frame(_heap.Code("/app.py", "<module>", 1, 3), 0);
        ulong worker = _heap.Frame(_heap.Code("/app.py", "work", 5, 6), 0);
        _heap.Interpreter((main, 0x100, 10), (worker, 0x200, 11));
        _names.Names[0x100] = "MainThread";
    }

    [Fact]
    public void All_threads_samples_carry_the_names_that_could_be_read()
    {
        NonBlockingSampleTaker taker = new(new StackWalker(_heap.Memory, _heap.Runtime()), null, new ThreadNameCache(_names, TimeProvider.System));

        Sample sample = taker.Take(0, allThreads: true);

        Assert.Equal(SampleOutcome.Stacks, sample.Outcome);
        Assert.Equal(
            [(0x100UL, "MainThread"), (0x200UL, null)],
            sample.Threads.Select(thread => (thread.PthreadId, thread.Name)).OrderBy(pair => pair.PthreadId));
        Assert.Equal(1, _names.Calls);
    }

    [Fact]
    public void Gil_holder_samples_neither_read_nor_carry_names()
    {
        // 3.10 finds the GIL holder through _PyRuntime.gilstate.tstate_current.
        ulong holder = _heap.ThreadStates(ReadPointer(_heap.Runtime().InterpreterHeadPointer))[0];
        ulong current = PyHeapBuilder.RuntimeAddress + (ulong)_heap.Layout.RuntimeTstateCurrent;
        _heap.Memory.WriteU64(current, holder);
        StackWalker walker = new(_heap.Memory, _heap.Runtime(threadStateCurrent: current));
        NonBlockingSampleTaker taker = new(walker, null, new ThreadNameCache(_names, TimeProvider.System));

        Sample sample = taker.Take(0, allThreads: false);

        ThreadStack stack = Assert.Single(sample.Threads);
        Assert.Equal(0x100UL, stack.PthreadId);
        Assert.Null(stack.Name);
        Assert.Equal(0, _names.Calls);
    }

    private ulong ReadPointer(ulong address)
    {
        Span<byte> buffer = stackalloc byte[8];
        _heap.Memory.Read(address, buffer);
        return BitConverter.ToUInt64(buffer);
    }

    private sealed class CountingNames : IThreadNameSource
    {
        public Dictionary<ulong, string> Names { get; } = [];

        public int Calls { get; private set; }

        public bool TryReadNames(ulong interpreter, Dictionary<ulong, string> namesByPthreadId)
        {
            Calls++;
            foreach ((ulong id, string name) in Names)
            {
                namesByPthreadId[id] = name;
            }

            return true;
        }
    }
}
