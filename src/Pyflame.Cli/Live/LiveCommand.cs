namespace Pyflame.Cli.Live;

/// <summary>What a key asks the live view to do.</summary>
internal enum LiveCommand
{
    None,
    Quit,
    SortOwn,
    SortTotal,
    SortFunction,
    SortFile,
    NextSort,
    ToggleLines,
    NextThread,
    PreviousThread,
    NextProcess,
    PreviousProcess,
    ToggleIdle,
    TogglePause,
    Reset,
}
