namespace Pyflame.Cli.Live;

/// <summary>The live view's keys, and the line on screen that lists them (one source for both).</summary>
internal static class LiveKeys
{
    public const string Help = "1-4 sort by own/total/function/file · s next sort · l lines/functions · t/T next/previous thread · o/O process · i idle · p pause · r reset · q quit";

    public static LiveCommand Map(ConsoleKeyInfo key) => key.Key switch
    {
        ConsoleKey.Escape => LiveCommand.Quit,
        ConsoleKey.Spacebar => LiveCommand.TogglePause,
        ConsoleKey.RightArrow => LiveCommand.NextThread,
        ConsoleKey.LeftArrow => LiveCommand.PreviousThread,
        _ => Map(key.KeyChar),
    };

    public static LiveCommand Map(char key) => key switch
    {
        'q' or 'Q' => LiveCommand.Quit,
        '1' => LiveCommand.SortOwn,
        '2' => LiveCommand.SortTotal,
        '3' => LiveCommand.SortFunction,
        '4' => LiveCommand.SortFile,
        's' or 'S' => LiveCommand.NextSort,
        'l' or 'L' => LiveCommand.ToggleLines,
        't' => LiveCommand.NextThread,
        'T' => LiveCommand.PreviousThread,
        'o' => LiveCommand.NextProcess,
        'O' => LiveCommand.PreviousProcess,
        'i' or 'I' => LiveCommand.ToggleIdle,
        'p' or 'P' or ' ' => LiveCommand.TogglePause,
        'r' or 'R' => LiveCommand.Reset,
        _ => LiveCommand.None,
    };
}
