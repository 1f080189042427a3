using Pyflame.Cli.Live;
using static Pyflame.Cli.Tests.Live.LiveSamples;

namespace Pyflame.Cli.Tests.Live;

public sealed class LiveViewModelTests
{
    private readonly ManualTime _time = new();

    [Fact]
    public void Sort_keys_choose_and_cycle_the_column()
    {
        LiveViewModel model = new(Recorded(), Target, _time);

        model.Handle(LiveKeys.Map('2'));
        Assert.Equal(LiveSort.Total, model.Screen().State.Sort);
        model.Handle(LiveKeys.Map('s'));
        Assert.Equal(LiveSort.Function, model.State.Sort);
        Assert.Equal("<module>", model.Screen().Rows[0].Frame.Function);
        model.Handle(LiveKeys.Map('s'));
        model.Handle(LiveKeys.Map('s'));
        Assert.Equal(LiveSort.Own, model.State.Sort);
        Assert.Equal(Crunch, model.Screen().Rows[0].Frame);
    }

    [Fact]
    public void L_switches_between_lines_and_functions()
    {
        LiveViewModel model = new(Recorded(), Target, _time);

        model.Handle(LiveKeys.Map('l'));

        Assert.Equal(new LiveRow(ParseA with { Line = 0 }, 5, 5), model.Screen().Rows[1]);
        model.Handle(LiveKeys.Map('l'));
        Assert.Equal(new LiveRow(ParseA, 3, 3), model.Screen().Rows[1]);
    }

    [Fact]
    public void T_steps_through_every_thread_then_back_to_all()
    {
        LiveViewModel model = new(Recorded(), Target, _time);
        model.Screen(); // the threads are learnt from what is on screen

        model.Handle(LiveKeys.Map('t'));
        LiveScreen main = model.Screen();
        model.Handle(LiveKeys.Map('t'));
        LiveScreen worker = model.Screen();
        model.Handle(LiveKeys.Map('t'));
        LiveScreen all = model.Screen();
        model.Handle(LiveKeys.Map('T'));

        Assert.Equal(new LiveThread(MainTid, "MainThread"), main.Thread);
        Assert.Equal(ParseA, main.Rows[0].Frame);
        Assert.Equal(new LiveThread(WorkerTid, "worker"), worker.Thread);
        Assert.Equal([Crunch], worker.Rows.Select(r => r.Frame));
        Assert.Null(all.Thread);
        Assert.Equal(WorkerTid, model.State.ThreadId);
    }

    [Fact]
    public void I_shows_idle_threads()
    {
        LiveViewModel model = new(Recorded(), Target, _time);

        model.Handle(LiveKeys.Map('i'));

        Assert.Equal(Wait, model.Screen().Rows[0].Frame);
    }

    [Fact]
    public void Shares_and_times_are_of_ticks_and_of_the_time_recorded()
    {
        LiveViewModel model = new(Recorded(), Target, _time);
        _time.Advance(TimeSpan.FromSeconds(2));

        LiveScreen screen = model.Screen();

        Assert.Equal(60.0, screen.Percent(screen.Rows[0].Own), 6);
        Assert.Equal(TimeSpan.FromSeconds(1.2), screen.TimeOf(screen.Rows[0].Own));
        Assert.Equal(5.0, screen.Rate, 6);
    }

    [Fact]
    public void Pause_stops_recording_and_the_clock_until_resumed()
    {
        LiveRecorder recorder = Recorded();
        LiveViewModel model = new(recorder, Target, _time);
        _time.Advance(TimeSpan.FromSeconds(1));

        model.Handle(LiveKeys.Map('p'));
        recorder.OnSample(Tick(Thread(MainTid, gil: true, idle: false, Crunch)));
        _time.Advance(TimeSpan.FromSeconds(5));
        LiveScreen paused = model.Screen();
        model.Handle(LiveKeys.Map(' '));
        recorder.OnSample(Tick(Thread(MainTid, gil: true, idle: false, Crunch)));
        _time.Advance(TimeSpan.FromSeconds(1));
        LiveScreen resumed = model.Screen();

        Assert.True(paused.State.Paused);
        Assert.Equal(10, paused.Counts.Ticks);
        Assert.Equal(TimeSpan.FromSeconds(1), paused.Recorded);
        Assert.False(resumed.State.Paused);
        Assert.Equal(11, resumed.Counts.Ticks);
        Assert.Equal(TimeSpan.FromSeconds(2), resumed.Recorded);
    }

    [Fact]
    public void Reset_starts_the_counts_and_the_clock_afresh()
    {
        LiveViewModel model = new(Recorded(), Target, _time);
        _time.Advance(TimeSpan.FromSeconds(3));

        model.Handle(LiveKeys.Map('r'));
        _time.Advance(TimeSpan.FromSeconds(1));
        LiveScreen screen = model.Screen();

        Assert.Equal(LiveCounts.None, screen.Counts);
        Assert.Empty(screen.Rows);
        Assert.Equal(TimeSpan.FromSeconds(1), screen.Recorded);
    }

    [Fact]
    public void Q_and_escape_quit_and_other_keys_do_nothing()
    {
        LiveViewModel model = new(Recorded(), Target, _time);

        model.Handle(LiveKeys.Map('x'));
        Assert.False(model.QuitRequested);
        Assert.Equal(LiveViewState.Initial, model.State);
        model.Handle(LiveKeys.Map(new ConsoleKeyInfo('\e', ConsoleKey.Escape, false, false, false)));
        Assert.True(model.QuitRequested);
    }
}
