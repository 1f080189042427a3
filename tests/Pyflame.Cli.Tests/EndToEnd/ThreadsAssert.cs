namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>Checks a --threads folded profile of threads.py; shared by the host and the container tests.</summary>
internal static class ThreadsAssert
{
    /// <summary>
    /// Every line starts with a thread root; each thread's lines are together; the three threads are
    /// the target's (host) TIDs; stacks are exact; every sample counted every thread once. Returns the
    /// thread name → TID it found.
    /// </summary>
    public static Dictionary<string, int> Grouped(FoldedProfile profile, ThreadsTarget expected, int pid, bool excludeIdle, ChildProcessResult result)
    {
        string context = $"{profile.Summary(12)}\n{result.Describe()}";
        var roots = new List<ThreadRoot>();
        var samplesPerTid = new Dictionary<int, long>();
        var idlePerTid = new Dictionary<int, long>();
        var nameOf = new Dictionary<int, string>();
        foreach (FoldedStack stack in profile.Stacks)
        {
            ThreadRoot root = ThreadRoot.Parse(stack.Frames[0]);
            bool idle = stack.Frames.Count > 1 && stack.Frames[1] == FoldedProfile.IdleLabel;
            IReadOnlyList<string> frames = [.. stack.Frames.Skip(idle ? 2 : 1)];
            Assert.False(frames.Contains(FoldedProfile.IdleLabel), $"(idle) must sit right under the root: {stack.Joined}\n{context}");
            string? thread = expected.Identify(frames);
            Assert.True(thread is not null, $"stack matches none of threads.py's exact stacks: {stack.Joined}\n{context}");
            Assert.True(!nameOf.TryGetValue(root.Tid, out string? known) || known == thread, $"TID {root.Tid} has stacks of two threads\n{context}");
            nameOf[root.Tid] = thread!;
            Assert.True(root.Name is null || root.Name == thread, $"root {stack.Frames[0]} names the wrong thread (its stack is {thread})\n{context}");
            if (roots.Count == 0 || roots[^1].Tid != root.Tid)
            {
                Assert.DoesNotContain(roots, r => r.Tid == root.Tid);
                roots.Add(root);
            }

            samplesPerTid[root.Tid] = samplesPerTid.GetValueOrDefault(root.Tid) + stack.Count;
            idlePerTid[root.Tid] = idlePerTid.GetValueOrDefault(root.Tid) + (idle ? stack.Count : 0);
        }

        HashSet<int> tasks = Tracee.ThreadIds(pid);
        Assert.True(nameOf.Keys.All(tasks.Contains), $"thread roots {string.Join(',', nameOf.Keys)} are not all TIDs of {pid} ({string.Join(',', tasks)})\n{context}");
        var tidOf = nameOf.ToDictionary(p => p.Value, p => p.Key);
        if (excludeIdle)
        {
            Assert.True(profile.IdleCount is null && idlePerTid.Values.All(v => v == 0), $"-x kept idle samples\n{context}");
            Assert.False(tidOf.ContainsKey(ThreadsTarget.SleeperName), $"-x kept the sleeping thread\n{context}");
            Assert.True(tidOf.ContainsKey(ThreadsTarget.MainName) && tidOf.ContainsKey(ThreadsTarget.SpinnerName), $"a spinning thread is missing\n{context}");
            return tidOf;
        }

        Assert.Equal(3, tidOf.Count);
        long ticks = samplesPerTid.Values.Max();
        Assert.True(ticks >= 2, $"only {ticks} samples\n{context}");
        Assert.True(samplesPerTid.Values.All(v => v == ticks), $"each sample must hold every thread once; per-thread counts {string.Join(',', samplesPerTid.Values)}\n{context}");
        // The sleeper is idle, except when a sample catches it runnable right after the previous
        // sample's ptrace interrupt woke it from its sleep (seen on a loaded 2-core box): dominant, not all.
        long sleeperIdle = idlePerTid[tidOf[ThreadsTarget.SleeperName]];
        Assert.True(sleeperIdle >= ProfileAssert.DominantShare * ticks, $"the sleeping worker-2 is idle in only {sleeperIdle} of {ticks} samples\n{context}");
        return tidOf;
    }
}
