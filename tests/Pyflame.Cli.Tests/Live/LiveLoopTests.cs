using Pyflame.Cli.Live;
using static Pyflame.Cli.Tests.Live.LiveSamples;

namespace Pyflame.Cli.Tests.Live;

public sealed class LiveLoopTests
{
    private readonly ManualTime _time = new();

    private LiveLoop Loop(FakeLiveTerminal terminal, Action? onWait = null) =>
        new(new LiveViewModel(Recorded(), Target, _time), terminal, _time, (duration, _) =>
        {
            _time.Advance(duration);
            onWait?.Invoke();
        });

    [Fact]
    public void Redraws_every_second_and_at_once_after_a_key_then_quits_on_q_and_leaves_the_screen()
    {
        FakeLiveTerminal terminal = new(_time);
        terminal.TypeAt(TimeSpan.FromSeconds(2.5), '2');
        terminal.TypeAt(TimeSpan.FromSeconds(3.2), 'q');

        bool quit = Loop(terminal).Run(CancellationToken.None);

        Assert.True(quit);
        Assert.Equal("enter", terminal.Events[0]);
        Assert.Equal("leave", terminal.Events[^1]);
        // At 0, 1, 2 s; the key at 2.5 s; then 3.5 s would be next, but q came first.
        Assert.Equal(4, terminal.Screens.Count);
        Assert.Equal(LiveSort.Total, terminal.Screens[^1].State.Sort);
        Assert.Equal(LiveSort.Own, terminal.Screens[^2].State.Sort);
    }

    [Fact]
    public void Ends_without_quitting_when_sampling_ends_and_still_leaves_the_screen()
    {
        FakeLiveTerminal terminal = new(_time);
        using CancellationTokenSource stop = new();

        bool quit = Loop(terminal, () =>
        {
            if (_time.GetElapsedTime(0) >= TimeSpan.FromSeconds(1.5))
            {
                stop.Cancel();
            }
        }).Run(stop.Token);

        Assert.False(quit);
        Assert.Equal(["enter", "show", "show", "leave"], terminal.Events);
    }

    [Fact]
    public void Ends_when_sampling_ends_even_if_the_terminal_reports_keys_forever()
    {
        EndlessKeys terminal = new();
        using CancellationTokenSource stop = new();
        terminal.OnRead = () => stop.CancelAfter(TimeSpan.Zero);

        bool quit = new LiveLoop(new LiveViewModel(Recorded(), Target, _time), terminal, _time, (d, _) => _time.Advance(d)).Run(stop.Token);

        Assert.False(quit);
        Assert.True(terminal.Left);
    }

    private sealed class EndlessKeys : ILiveTerminal
    {
        public Action? OnRead { get; set; }

        public bool Left { get; private set; }

        public void Enter()
        {
        }

        public bool TryReadKey(out ConsoleKeyInfo key)
        {
            OnRead?.Invoke();
            key = default;
            return true;
        }

        public void Show(LiveScreen screen)
        {
        }

        public void Leave() => Left = true;
    }

    [Fact]
    public void Leaves_the_screen_when_drawing_fails()
    {
        ThrowingTerminal terminal = new();

        Assert.Throws<IOException>(() => new LiveLoop(new LiveViewModel(Recorded(), Target, _time), terminal, _time).Run(CancellationToken.None));
        Assert.True(terminal.Left);
    }

    private sealed class ThrowingTerminal : ILiveTerminal
    {
        public bool Left { get; private set; }

        public void Enter()
        {
        }

        public bool TryReadKey(out ConsoleKeyInfo key)
        {
            key = default;
            return false;
        }

        public void Show(LiveScreen screen) => throw new IOException("terminal gone");

        public void Leave() => Left = true;
    }
}
