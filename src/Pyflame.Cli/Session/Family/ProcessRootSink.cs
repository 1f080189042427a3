using Pyflame.Core.Model;
using Pyflame.Core.Sampling;

namespace Pyflame.Cli.Session.Family;

/// <summary>
/// Tags one process's samples with that process (<c>--subprocesses</c>), so writers root its stacks at
/// <c>(process PID COMMAND)</c>. With --threads the writers put the process above each thread root; without, the
/// process's root frame becomes the outermost frame of each stack, which every writer then draws like any frame,
/// and a sample that found no GIL holder or failed is drawn under it too (<see cref="Sample.ProcessPseudoStack"/>).
/// Completion is the family's to announce, once, so it is not passed on.
/// </summary>
internal sealed class ProcessRootSink(ISampleSink inner, SampleProcess process, bool perThread) : ISampleSink
{
    public void OnSample(Sample sample)
    {
        ThreadStack[] threads = new ThreadStack[sample.Threads.Count];
        for (int i = 0; i < threads.Length; i++)
        {
            ThreadStack thread = sample.Threads[i];
            threads[i] = perThread || thread.Frames.Count == 0
                ? thread with { Process = process }
                : thread with { Process = process, Frames = [.. thread.Frames, process.RootFrame] };
        }

        inner.OnSample(sample with { Threads = threads, Process = process });
    }

    public void OnCompleted()
    {
        // One process ended; the others may still be sampling into the same sinks.
    }
}
