using Pyflame.Core.Model;
using Pyflame.Core.Sampling;
using Pyflame.Linux;

namespace Pyflame.Cli.Session;

/// <summary>
/// Rewrites each thread's id to the host's TID before the writers see it, so a containerised target
/// profiled from the host reports the thread ids that ps, top and /proc show there (not the
/// container's "thread 1"). Only used when the target is in a nested PID namespace.
/// </summary>
internal sealed class HostThreadIdSink(ISampleSink inner, NamespaceThreadIds threadIds) : ISampleSink
{
    /// <summary>The sink to sample into: <paramref name="inner"/> itself unless ids need translating.</summary>
    public static ISampleSink Wrap(ISampleSink inner, LinuxTargetProcess target) =>
        target.ThreadIds.IsSeparateNamespace ? new HostThreadIdSink(inner, target.ThreadIds) : inner;

    public void OnSample(Sample sample)
    {
        if (sample.Threads.Count == 0)
        {
            inner.OnSample(sample);
            return;
        }

        ThreadStack[] threads = new ThreadStack[sample.Threads.Count];
        for (int i = 0; i < threads.Length; i++)
        {
            ThreadStack thread = sample.Threads[i];
            threads[i] = thread with { NativeThreadId = threadIds.ToHost(thread.NativeThreadId) };
        }

        inner.OnSample(sample with { Threads = threads });
    }

    public void OnCompleted() => inner.OnCompleted();
}
