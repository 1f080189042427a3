using Pyflame.Core.Model;
namespace Pyflame.Core.Dumping;

/// <summary>
/// One thread of a dump. <paramref name="Running"/>: it holds the GIL or the OS has it on a CPU (or runnable).
/// <paramref name="CollectingGarbage"/>: it holds the GIL while its interpreter's garbage collector runs, i.e.
/// it is the thread doing the collection. <paramref name="Error"/> says why its stack could not be read.
/// </summary>
public sealed record DumpedThread(
    int NativeThreadId,
    ulong PthreadId,
    string? Name,
    bool HoldsGil,
    bool Running,
    bool CollectingGarbage,
    IReadOnlyList<DumpedFrame> Frames,
    ReadFailure? Error = null);
