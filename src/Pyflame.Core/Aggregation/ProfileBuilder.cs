using Pyflame.Core.Model;

namespace Pyflame.Core.Aggregation;

/// <summary>Turns the aggregator's trie into the immutable <see cref="Profile"/> records.</summary>
internal sealed class ProfileBuilder(StackTrie trie, FrameTable frames, int idleMarker, int failedMarker)
{
    public Profile Build(
        IReadOnlyList<ThreadGroup> groups,
        ProfileMetadata metadata,
        bool perThread,
        long idleCount,
        long failedCount)
    {
        Dictionary<int, List<(int Node, StackCount Stack)>> stacksByRoot = [];
        foreach (ThreadGroup group in groups)
        {
            stacksByRoot.Add(group.RootNode, []);
        }

        long total = idleCount + failedCount;
        var path = new List<int>();
        for (int node = 0; node < trie.NodeCount; node++)
        {
            long count = trie.CountOf(node);
            if (count == 0)
            {
                continue;
            }

            int root = CollectPath(node, path);
            stacksByRoot[root].Add((node, ToStackCount(path, count)));
            total += count;
        }

        var threads = new List<ProfileThread>(groups.Count);
        foreach (ThreadGroup group in groups)
        {
            List<(int Node, StackCount Stack)> stacks = stacksByRoot[group.RootNode];
            // Deterministic: biggest first, ties in first-seen order (node ids grow with first sight).
            stacks.Sort((a, b) => a.Stack.Count != b.Stack.Count
                ? b.Stack.Count.CompareTo(a.Stack.Count)
                : a.Node.CompareTo(b.Node));
            threads.Add(new ProfileThread(
                group.NativeThreadId,
                group.PthreadId,
                group.Name,
                group.Order,
                stacks.ConvertAll(s => s.Stack).AsReadOnly()) { Process = group.Process });
        }

        return new Profile(metadata, perThread, idleCount, failedCount, total, threads.AsReadOnly());
    }

    /// <summary>Fills <paramref name="path"/> with frame ids, innermost first; returns the root node.</summary>
    private int CollectPath(int node, List<int> path)
    {
        path.Clear();
        while (trie.ParentOf(node) != StackTrie.NoParent)
        {
            path.Add(trie.FrameIdOf(node));
            node = trie.ParentOf(node);
        }

        return node;
    }

    private StackCount ToStackCount(List<int> innermostFirst, long count)
    {
        int outermost = innermostFirst.Count - 1;
        if (outermost == 0 && innermostFirst[0] == failedMarker)
        {
            return new StackCount([], count, IsIdle: false, IsFailed: true);
        }

        bool idle = outermost >= 0 && innermostFirst[outermost] == idleMarker;
        if (idle)
        {
            outermost--;
        }

        var stack = new FrameInfo[outermost + 1];
        for (int i = 0; i <= outermost; i++)
        {
            stack[i] = frames[innermostFirst[outermost - i]];
        }

        return new StackCount(Array.AsReadOnly(stack), count, idle);
    }
}
