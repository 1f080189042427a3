using Pyflame.Core.Aggregation;
using Pyflame.Core.Model;
using Pyflame.Output.Folded;
using static Pyflame.Output.Tests.TestSamples;

namespace Pyflame.Output.Tests.Folded;

/// <summary>--subprocesses in folded output: each thread root sits under its process's root, <c>(process PID COMMAND)</c>.</summary>
public class FoldedProcessRootTests
{
    private static readonly SampleProcess Server = new(40, "python3 server.py --port 8080");
    private static readonly SampleProcess Worker = new(50, "python3 server.py; worker");

    [Fact]
    public void PerThread_process_root_comes_before_the_thread_root_and_keeps_processes_apart()
    {
        Profile profile = Aggregate(
            new StackAggregatorOptions(PerThread: true, ExcludeIdle: false, LineNumbers: true),
            Stacks(1, Thread(40, "MainThread", true, Main, Module) with { Process = Server }),
            Stacks(2, Thread(50, "MainThread", false, Work, Main, Module) with { Process = Worker }),
            Stacks(3, Thread(50, "MainThread", false, Work, Main, Module) with { Process = Worker }));

        var writer = new StringWriter();
        FoldedWriter.Write(profile, writer, new FoldedOptions());

        // Threads in first-seen order, as without processes; ';' inside a command line would split the frame, so it is written as ':' like any name.
        Assert.Equal(
            "(process 40 python3 server.py --port 8080);(thread 40 MainThread);(idle);/srv/app.py:<module>:10;/srv/app.py:main:3 1\n" +
            "(process 50 python3 server.py: worker);(thread 50 MainThread);/srv/app.py:<module>:10;/srv/app.py:main:3;/srv/app.py:work:7 2\n",
            writer.ToString());
    }

    [Fact]
    public void GilMode_idle_and_failed_samples_of_a_process_sit_under_its_root()
    {
        Sample[] samples =
        [
            Stacks(1, Thread(50, "MainThread", false, Work, Main, Module, Worker.RootFrame) with { Process = Worker }),
            new Sample(2, SampleOutcome.Idle, []) { Process = Server },
            new Sample(3, SampleOutcome.Idle, []) { Process = Server },
            new Sample(4, SampleOutcome.Failed, []) { Process = Worker },
        ];
        var writer = new StringWriter();
        FoldedWriter.Write(Aggregate(new StackAggregatorOptions(PerThread: false, ExcludeIdle: false, LineNumbers: true), samples), writer, new FoldedOptions());
        Assert.Equal(
            "(process 40 python3 server.py --port 8080);(idle) 2\n" +
            "(process 50 python3 server.py: worker);(failed) 1\n" +
            "(process 50 python3 server.py: worker);/srv/app.py:<module>:10;/srv/app.py:main:3;/srv/app.py:work:7 1\n",
            writer.ToString());

        // -x drops a process's idle samples as it drops the run's; failures stay.
        var excluded = new StringWriter();
        FoldedWriter.Write(Aggregate(new StackAggregatorOptions(PerThread: false, ExcludeIdle: true, LineNumbers: true), samples), excluded, new FoldedOptions(ExcludeIdle: true));
        Assert.DoesNotContain("(idle)", excluded.ToString(), StringComparison.Ordinal);
        Assert.Contains("(process 50 python3 server.py: worker);(failed) 1\n", excluded.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Root_frame_is_a_pseudo_frame_written_by_name()
    {
        Assert.True(PseudoFrames.IsPseudo(Server.RootFrame));
        Assert.Equal("(process 40 python3 server.py --port 8080)", Server.RootFrame.Function);
        Assert.Equal("(process 7)", new SampleProcess(7, string.Empty).RootFrame.Function);
    }
}
