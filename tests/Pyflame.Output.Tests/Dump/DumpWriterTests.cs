using Pyflame.Core.Dumping;
using Pyflame.Core.Model;
using Pyflame.Core.Python;
using Pyflame.Core.Python.Locals;
using Pyflame.Output.Dump;

namespace Pyflame.Output.Tests.Dump;

public class DumpWriterTests
{
    private static readonly PythonVersion Version = new(3, 12, 1);
    private static readonly FrameInfo Work = new("/srv/app.py", "work", 7);
    private static readonly FrameInfo Main = new("/srv/app.py", "main", 3);
    private static readonly FrameInfo Wait = new("/usr/lib/python3.11/threading.py", "wait", 320);

    private static string Dump(ProcessDump dump)
    {
        var text = new StringWriter();
        DumpWriter.Write(dump, text);
        return text.ToString();
    }

    private static DumpedThread Thread(int tid, string? name, bool holdsGil, bool running, params FrameInfo[] frames) =>
        new(tid, 0x7f0000000000UL + (ulong)tid, name, holdsGil, running, false, [.. frames.Select(f => new DumpedFrame(f, null, null))]);

    [Fact]
    public void GilHolderFirst_ThenByThreadId_FramesInnermostFirst_WithEachThreadsState()
    {
        var dump = new ProcessDump(42, Version, false,
        [
            Thread(300, "worker-2", false, false, Wait, Main),
            Thread(200, null, false, true),
            Thread(400, "MainThread", true, true, Work, Main, new FrameInfo("/srv/app.py", "<module>", 0)),
        ]);

        Assert.Equal(
            "Process 42, Python 3.12.1, garbage collector not running\n" +
            "\n" +
            "Thread 400 (MainThread) running, holds the GIL [pthread 0x7f0000000190]\n" +
            "    work (/srv/app.py:7)\n" +
            "    main (/srv/app.py:3)\n" +
            "    <module> (/srv/app.py:?)\n" +
            "\n" +
            "Thread 200 (unnamed) running [pthread 0x7f00000000c8]\n" +
            "    (no Python frames)\n" +
            "\n" +
            "Thread 300 (worker-2) idle [pthread 0x7f000000012c]\n" +
            "    wait (/usr/lib/python3.11/threading.py:320)\n" +
            "    main (/srv/app.py:3)\n",
            Dump(dump));
    }

    [Fact]
    public void CollectingThread_GetsTheGcFrameOnTop_AndVariablesSitUnderTheirFrame()
    {
        DumpedThread thread = new(7, 0x10, "MainThread", true, true, true,
        [
            new DumpedFrame(PseudoFrames.GarbageCollection, null, null),
            new DumpedFrame(Work, "App.work", [new LocalVariable("n", LocalKind.Argument, "int", "42"), new LocalVariable("s", LocalKind.Local, "str", "'a\\nb'")]),
            new DumpedFrame(Main, "main", []),
        ]);

        Assert.Equal(
            "Process 1, Python 3.12.1, garbage collector running\n" +
            "\n" +
            "Thread 7 (MainThread) running, holds the GIL, collecting garbage [pthread 0x10]\n" +
            "    (gc)\n" +
            "    work (/srv/app.py:7)\n" +
            "        n = 42\n" +
            "        s = 'a\\nb'\n" +
            "    main (/srv/app.py:3)\n",
            Dump(new ProcessDump(1, Version, true, [thread])));
    }

    [Fact]
    public void UnknownCollectorState_IsLeftOut_AndAFailedDumpSaysWhy()
    {
        Assert.Equal(
            "Process 5, Python 2.7.18\n\nFailed to read the stacks: torn frame chain\n",
            Dump(new ProcessDump(5, new PythonVersion(2, 7, 18), null, [], ReadFailure.Changing("torn frame chain"))));
    }

    [Fact]
    public void NoThreads_SaysSo()
    {
        Assert.Equal("Process 5, Python 3.12.1, garbage collector not running\n\nNo Python threads\n", Dump(new ProcessDump(5, Version, false, [])));
    }

    [Fact]
    public void LineBreaksInNames_DoNotBreakTheLayout()
    {
        string text = Dump(new ProcessDump(1, Version, false, [Thread(1, "a\nb", true, true, new FrameInfo("/x\r.py", "f", 2))]));

        Assert.Equal("Process 1, Python 3.12.1, garbage collector not running\n\nThread 1 (a?b) running, holds the GIL [pthread 0x7f0000000001]\n    f (/x?.py:2)\n", text);
    }
}
