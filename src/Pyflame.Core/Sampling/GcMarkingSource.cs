using Pyflame.Core.Memory;
using Pyflame.Core.Model;
using Pyflame.Core.Python.Discovery;

namespace Pyflame.Core.Sampling;

/// <summary>
/// Puts a <c>(gc)</c> frame on top of each GIL holder's stack when its interpreter's garbage collector is
/// collecting (the collection runs in the thread that holds the GIL; <see cref="GcStateReader"/> says where the
/// flag is per version). The flag is read right after the stack (through the taker's page cache, so from the
/// sample's own batch when its page is there): a collection lasts milliseconds, far longer than the few microseconds
/// between the two reads. Builds without the flag are left unmarked.
/// </summary>
public sealed class GcMarkingSource(ISampleSource inner, IMemoryReader memory, PythonRuntime runtime) : ISampleSource
{
    private readonly GcStateReader _gc = new(memory, runtime);

    public Sample Take(long timestampMicroseconds, bool allThreads)
    {
        Sample sample = inner.Take(timestampMicroseconds, allThreads);
        if (sample.Outcome != SampleOutcome.Stacks || !_gc.IsKnown)
        {
            return sample;
        }

        ThreadStack[]? marked = null;
        for (int i = 0; i < sample.Threads.Count; i++)
        {
            ThreadStack thread = sample.Threads[i];
            if (thread.HoldsGil && thread.Frames.Count > 0 && IsCollecting(thread.ThreadStateAddress))
            {
                marked ??= [.. sample.Threads];
                marked[i] = thread with { Frames = [PseudoFrames.GarbageCollection, .. thread.Frames] };
            }
        }

        return marked is null ? sample : sample with { Threads = marked };
    }

    public void ServiceTarget() => inner.ServiceTarget();

    private bool IsCollecting(ulong threadState)
    {
        ulong interpreter = 0;
        if (runtime.Layout.InterpGcCollecting >= 0
            && !memory.TryReadPointer(threadState + (ulong)runtime.Layout.ThreadInterp, out interpreter))
        {
            return false;
        }

        return _gc.TryIsCollecting(interpreter, out bool collecting) && collecting;
    }
}
