namespace Pyflame.Cli.Live;

/// <summary>A thread the view can be filtered to: its OS thread id and name, as last seen.</summary>
internal sealed record LiveThread(int NativeThreadId, string? Name)
{
    public override string ToString() => Name is null ? $"thread {NativeThreadId}" : $"thread {NativeThreadId} ({Name})";
}
