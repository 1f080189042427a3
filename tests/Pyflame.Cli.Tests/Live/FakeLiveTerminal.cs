using Pyflame.Cli.Live;

namespace Pyflame.Cli.Tests.Live;

/// <summary>A terminal that records every screen and enter/leave, and types keys when the loop has waited long enough.</summary>
internal sealed class FakeLiveTerminal : ILiveTerminal
{
    private readonly Queue<(TimeSpan At, char Key)> _keys = new();
    private readonly ManualTime _time;

    public FakeLiveTerminal(ManualTime time) => _time = time;

    public List<LiveScreen> Screens { get; } = [];

    public List<string> Events { get; } = [];

    /// <summary>Types <paramref name="key"/> once the clock reaches <paramref name="at"/>.</summary>
    public void TypeAt(TimeSpan at, char key) => _keys.Enqueue((at, key));

    public void Enter() => Events.Add("enter");

    public bool TryReadKey(out ConsoleKeyInfo key)
    {
        key = default;
        if (_keys.Count == 0 || _keys.Peek().At.Ticks > _time.GetTimestamp())
        {
            return false;
        }

        char c = _keys.Dequeue().Key;
        key = new ConsoleKeyInfo(c, ConsoleKey.NoName, false, false, false);
        return true;
    }

    public void Show(LiveScreen screen)
    {
        Screens.Add(screen);
        Events.Add("show");
    }

    public void Leave() => Events.Add("leave");
}
