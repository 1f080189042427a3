using Pyflame.Core.Model;
using Pyflame.Output.FlameChart;
using static Pyflame.Output.Tests.TestSamples;

namespace Pyflame.Output.Tests.FlameChart;

public class FlameChartWriterTests
{
    internal static string Write(FlameChartOptions options, params Sample[] samples)
    {
        var text = new StringWriter();
        var writer = new FlameChartWriter(text, options);
        foreach (Sample sample in samples)
        {
            writer.OnSample(sample);
        }

        writer.OnCompleted();
        return text.ToString();
    }

    [Fact]
    public void GilMode_idle_and_failed_samples_of_one_process_of_several_sit_under_its_root()
    {
        SampleProcess worker = new(50, "python3 worker.py");
        string text = Write(
            new FlameChartOptions(),
            new Sample(1_700_000_000_010_000, SampleOutcome.Idle, []) { Process = worker },
            new Sample(1_700_000_000_020_000, SampleOutcome.Failed, []) { Process = worker });

        Assert.Equal(
            "1700000000010000\n(process 50 python3 worker.py);(idle);\n" +
            "1700000000020000\n(process 50 python3 worker.py);(failed);\n",
            text);
    }

    [Fact]
    public void GilMode_TimestampThenStack_EveryFrameFollowedBySemicolon()
    {
        string text = Write(
            new FlameChartOptions(),
            Stacks(1_700_000_000_000_000, Thread(5, "MainThread", false, Work, Main, Module)),
            new Sample(1_700_000_000_010_000, SampleOutcome.Idle, []),
            new Sample(1_700_000_000_020_000, SampleOutcome.Failed, []),
            Stacks(1_700_000_000_030_000, Thread(5, "MainThread", false, Module)));

        Assert.Equal(
            "1700000000000000\n/srv/app.py:<module>:10;/srv/app.py:main:3;/srv/app.py:work:7;\n" +
            "1700000000010000\n(idle)\n" +
            "1700000000020000\n(failed)\n" +
            "1700000000030000\n/srv/app.py:<module>:10;\n",
            text);
    }

    [Fact]
    public void ExcludeIdle_AndNoLineNumbers()
    {
        string text = Write(
            new FlameChartOptions(ExcludeIdle: true, LineNumbers: false),
            new Sample(1, SampleOutcome.Idle, []),
            Stacks(2, Thread(5, null, false, Main, Module)),
            Stacks(3, Thread(5, null, false)));

        Assert.Equal("2\n/srv/app.py:<module>;/srv/app.py:main;\n", text);
    }

    [Fact]
    public void PerThread_OneRecordPerThread_WithThreadRootAndIdleFrame()
    {
        string text = Write(
            new FlameChartOptions(PerThread: true),
            Stacks(100, Thread(12345, "MainThread", false, Work, Module), Thread(777, null, true, Wait)),
            new Sample(200, SampleOutcome.Idle, []));

        Assert.Equal(
            "100\n(thread 12345 MainThread);/srv/app.py:<module>:10;/srv/app.py:work:7;\n" +
            "100\n(thread 777);(idle);/usr/lib/python3.11/threading.py:wait:320;\n" +
            "200\n(idle)\n",
            text);
    }

    [Fact]
    public void PerThread_ExcludeIdle_SkipsIdleThreads()
    {
        string text = Write(
            new FlameChartOptions(PerThread: true, ExcludeIdle: true),
            Stacks(100, Thread(1, "A", false, Work), Thread(2, "B", true, Wait)));

        Assert.Equal("100\n(thread 1 A);/srv/app.py:work:7;\n", text);
    }

    [Fact]
    public void OnCompleted_FlushesABufferedWriter()
    {
        using var stream = new MemoryStream();
        using var buffered = new StreamWriter(stream, bufferSize: 4096, leaveOpen: true);
        var writer = new FlameChartWriter(buffered, new FlameChartOptions());
        writer.OnSample(Stacks(7, Thread(1, null, false, Main)));
        Assert.Equal(0, stream.Length);

        writer.OnCompleted();

        Assert.Equal("7\n/srv/app.py:main:3;\n", System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
