namespace Pyflame.Cli.Live;

/// <summary>The live view's terminal seam: tests use a fake that records screens and hands out keys.</summary>
internal interface ILiveTerminal
{
    /// <summary>Takes over the screen (alternate screen, cursor hidden).</summary>
    void Enter();

    /// <summary>A key typed since the last call, if any; never blocks.</summary>
    bool TryReadKey(out ConsoleKeyInfo key);

    /// <summary>Draws one refresh over the whole screen.</summary>
    void Show(LiveScreen screen);

    /// <summary>Gives the screen back as it was (main screen, cursor shown); safe to call twice.</summary>
    void Leave();
}
