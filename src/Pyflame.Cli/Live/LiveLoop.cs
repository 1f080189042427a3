namespace Pyflame.Cli.Live;

/// <summary>
/// Runs the view until the user quits or <c>stop</c> is cancelled (sampling ended): applies keys as they
/// come (redrawing at once), redraws every second, and always gives the terminal back, however it ends.
/// </summary>
internal sealed class LiveLoop(LiveViewModel model, ILiveTerminal terminal, TimeProvider time, Action<TimeSpan, CancellationToken>? wait = null)
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);

    /// <summary>How often keys are looked for: short enough to feel immediate.</summary>
    public static readonly TimeSpan KeyPollInterval = TimeSpan.FromMilliseconds(50);

    private const int MaxKeysPerPoll = 64;

    private readonly Action<TimeSpan, CancellationToken> _wait = wait ?? ((duration, cancellation) => cancellation.WaitHandle.WaitOne(duration));

    /// <returns>True when the user quit; false when <paramref name="stop"/> ended the view.</returns>
    public bool Run(CancellationToken stop)
    {
        terminal.Enter();
        try
        {
            terminal.Show(model.Screen());
            long shownAt = time.GetTimestamp();
            while (!stop.IsCancellationRequested)
            {
                bool changed = false;
                // Bounded, and stop checked: a terminal that went away (SIGHUP) can report keys forever.
                for (int read = 0; read < MaxKeysPerPoll && !stop.IsCancellationRequested && terminal.TryReadKey(out ConsoleKeyInfo key); read++)
                {
                    LiveCommand command = LiveKeys.Map(key);
                    if (command == LiveCommand.None)
                    {
                        continue;
                    }

                    model.Handle(command);
                    if (model.QuitRequested)
                    {
                        return true;
                    }

                    changed = true;
                }

                if (changed || time.GetElapsedTime(shownAt) >= RefreshInterval)
                {
                    terminal.Show(model.Screen());
                    shownAt = time.GetTimestamp();
                }

                _wait(KeyPollInterval, stop);
            }

            return false;
        }
        finally
        {
            terminal.Leave();
        }
    }
}
