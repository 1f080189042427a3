using Pyflame.Cli.Live;
using Pyflame.Core.Model;
using static Pyflame.Cli.Tests.Live.LiveSamples;

namespace Pyflame.Cli.Tests.Live;

/// <summary>--live with --subprocesses: o/O show one process at a time, and t then steps through that process's threads only.</summary>
public sealed class LiveProcessFilterTests
{
    private static readonly SampleProcess Parent = new(MainTid, "python3 app.py");
    private static readonly SampleProcess Child = new(9000, "python3 app.py");

    private static LiveRecorder Recorded()
    {
        LiveRecorder recorder = new(Target.Pid, Target.Command, Target.Interval);
        for (int i = 0; i < 4; i++)
        {
            recorder.OnSample(Tick(
                Thread(MainTid, gil: true, idle: false, ParseA, Serve, Module) with { Process = Parent },
                Thread(WorkerTid, gil: false, idle: false, ParseB, Serve, Module) with { Process = Parent }));
            recorder.OnSample(Tick(Thread(9000, gil: true, idle: false, Crunch) with { Process = Child }));
        }

        return recorder;
    }

    [Fact]
    public void O_steps_through_every_process_then_back_to_all()
    {
        LiveViewModel model = new(Recorded(), Target, new ManualTime());
        Assert.Contains(model.Screen().Rows, r => r.Frame == Crunch);

        model.Handle(LiveKeys.Map('o'));
        LiveScreen parent = model.Screen();
        Assert.Equal(Parent, parent.Process);
        Assert.DoesNotContain(parent.Rows, r => r.Frame == Crunch);
        Assert.Contains(parent.Rows, r => r.Frame == ParseA);
        Assert.Contains($"of process {MainTid} (python3 app.py)", LiveHeader.Lines(parent)[2], StringComparison.Ordinal);

        model.Handle(LiveKeys.Map('o'));
        LiveScreen child = model.Screen();
        Assert.Equal(Child, child.Process);
        Assert.Equal([Crunch], child.Rows.Select(r => r.Frame));

        model.Handle(LiveKeys.Map('o'));
        Assert.Null(model.Screen().Process);
        model.Handle(LiveKeys.Map('O'));
        Assert.Equal(Child, model.Screen().Process);
    }

    [Fact]
    public void T_steps_only_through_the_shown_process_threads()
    {
        LiveViewModel model = new(Recorded(), Target, new ManualTime());
        _ = model.Screen(); // keys act on what the last refresh showed
        model.Handle(LiveKeys.Map('o'));
        Assert.Equal(Parent, model.Screen().Process);

        model.Handle(LiveKeys.Map('t'));
        Assert.Equal(MainTid, model.Screen().Thread?.NativeThreadId);
        model.Handle(LiveKeys.Map('t'));
        Assert.Equal(WorkerTid, model.Screen().Thread?.NativeThreadId);
        Assert.EndsWith($"of process {MainTid}", model.Screen().Thread!.ToString(), StringComparison.Ordinal);
        model.Handle(LiveKeys.Map('t'));
        Assert.Null(model.Screen().Thread);
    }
}
