using Pyflame.Core.Model;
using Pyflame.Output.Dump;
using static Pyflame.Output.Tests.TestSamples;

namespace Pyflame.Output.Tests.Dump;

public class DumpWriterTests
{
    private static string Dump(Sample sample)
    {
        var text = new StringWriter();
        DumpWriter.Write(sample, text);
        return text.ToString();
    }

    [Fact]
    public void GilHolderFirst_ThenByThreadId_FramesInnermostFirst()
    {
        var sample = Stacks(
            1,
            Thread(300, "worker-2", true, Wait, Main),
            Thread(200, null, true),
            Thread(400, "MainThread", false, Work, Main, new FrameInfo("/srv/app.py", "<module>", 0)));

        Assert.Equal(
            "Thread 400 (MainThread) holds the GIL [pthread 0x7f0000000190]\n" +
            "    work (/srv/app.py:7)\n" +
            "    main (/srv/app.py:3)\n" +
            "    <module> (/srv/app.py:?)\n" +
            "\n" +
            "Thread 200 (unnamed) idle [pthread 0x7f00000000c8]\n" +
            "    (no Python frames)\n" +
            "\n" +
            "Thread 300 (worker-2) idle [pthread 0x7f000000012c]\n" +
            "    wait (/usr/lib/python3.11/threading.py:320)\n" +
            "    main (/srv/app.py:3)\n",
            Dump(sample));
    }

    [Fact]
    public void FailedSample_SaysWhy()
    {
        Assert.Equal(
            "Failed to read the stacks: torn frame chain\n",
            Dump(new Sample(1, SampleOutcome.Failed, [], "torn frame chain")));
    }

    [Fact]
    public void NoThreads_SaysSo()
    {
        Assert.Equal("No Python threads\n", Dump(new Sample(1, SampleOutcome.Idle, [])));
    }

    [Fact]
    public void LineBreaksInNames_DoNotBreakTheLayout()
    {
        string text = Dump(Stacks(1, Thread(1, "a\nb", false, new FrameInfo("/x\r.py", "f", 2))));

        Assert.Equal("Thread 1 (a?b) holds the GIL [pthread 0x7f0000000001]\n    f (/x?.py:2)\n", text);
    }
}
