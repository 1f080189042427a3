using Pyflame.Core.Model;

namespace Pyflame.Core.Aggregation;

/// <summary>Mutable per-thread bookkeeping inside <see cref="StackAggregator"/>.</summary>
internal sealed class ThreadGroup(int nativeThreadId, ulong pthreadId, string? name, int order, int rootNode)
{
    public int NativeThreadId { get; } = nativeThreadId;

    public ulong PthreadId { get; set; } = pthreadId;

    public string? Name { get; set; } = name;

    public int Order { get; } = order;

    public int RootNode { get; } = rootNode;

    public SampleProcess? Process { get; set; }
}
