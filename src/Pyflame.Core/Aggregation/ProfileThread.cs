using Pyflame.Core.Model;

namespace Pyflame.Core.Aggregation;

/// <summary>
/// One group of stacks. In per-thread mode a group is one thread; in GIL mode the profile holds a
/// single group (thread id 0, no name) with every stack, and writers print it without a thread root.
/// </summary>
/// <param name="NativeThreadId">Linux thread id (0 for the GIL-mode group).</param>
/// <param name="PthreadId">pthread_t of the thread (0 for the GIL-mode group).</param>
/// <param name="Name">Thread name, when the sampler found one (the last name seen wins).</param>
/// <param name="FirstSeenOrder">0 for the first thread seen, 1 for the next, and so on.</param>
/// <param name="Stacks">Distinct stacks, by count descending then first-seen order.</param>
public sealed record ProfileThread(
    int NativeThreadId,
    ulong PthreadId,
    string? Name,
    int FirstSeenOrder,
    IReadOnlyList<StackCount> Stacks)
{
    /// <summary>The thread's process; null unless several processes are profiled (<c>--subprocesses</c>).</summary>
    public SampleProcess? Process { get; init; }
}
