using Pyflame.Core.Model;

namespace Pyflame.Core.Aggregation;

/// <summary>A thread seen by <see cref="SampleRecorder"/>, in first-seen order.</summary>
/// <param name="NativeThreadId">Linux thread id.</param>
/// <param name="Name">Thread name, when known (the last name seen wins).</param>
public sealed record TimelineThread(int NativeThreadId, string? Name)
{
    /// <summary>The thread's process; null unless several processes are profiled (<c>--subprocesses</c>).</summary>
    public SampleProcess? Process { get; init; }
}
