using Pyflame.Core.Dumping;

namespace Pyflame.Output.Dump;

/// <summary>The order both dump formats list threads in: the GIL holder first, then by OS thread id.</summary>
internal static class DumpOrder
{
    public static IEnumerable<DumpedThread> Threads(ProcessDump dump) =>
        dump.Threads.OrderByDescending(t => t.HoldsGil).ThenBy(t => t.NativeThreadId);
}
