using Pyflame.Core.Model;
using Pyflame.Core.Targets;

namespace Pyflame.Core.Sampling;

/// <summary>
/// <c>--mode cpu</c>: every thread, but only while it is on a CPU. Samples every thread (the inner source asks the
/// OS which threads run, before it pauses any) and keeps the threads that were running: an idle thread is dropped,
/// and so is a GIL holder the OS saw off the CPU (blocked in C code that kept the GIL). A sample left without a
/// thread counts as idle. Without an OS answer a thread counts as running, as in <c>--mode wall</c>.
/// </summary>
public sealed class CpuOnlySource(ISampleSource inner, IThreadActivityProbe activity) : ISampleSource
{
    public Sample Take(long timestampMicroseconds, bool allThreads)
    {
        Sample sample = inner.Take(timestampMicroseconds, allThreads: true);
        if (sample.Outcome != SampleOutcome.Stacks)
        {
            return sample;
        }

        ThreadStack[] running = [.. sample.Threads.Where(IsOnCpu)];
        return running.Length == 0
            ? sample with { Outcome = SampleOutcome.Idle, Threads = [] }
            : sample with { Threads = running };
    }

    public void ServiceTarget() => inner.ServiceTarget();

    private bool IsOnCpu(ThreadStack thread) =>
        !thread.IsIdle && (!activity.TryIsRunning(thread.NativeThreadId, out bool running) || running);
}
