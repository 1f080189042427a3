namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>
/// One thread of a <c>-d</c> dump; <see cref="Frames"/> are innermost first, as <c>file:function:line</c> (a pseudo
/// frame such as <c>(gc)</c> as its name), <see cref="Locals"/> the <c>name = value</c> lines under each frame.
/// </summary>
internal sealed record DumpThread(
    int Tid,
    string Name,
    bool HoldsGil,
    bool Idle,
    IReadOnlyList<string> Frames,
    bool CollectingGarbage = false,
    IReadOnlyList<IReadOnlyList<string>>? Locals = null);
