using Pyflame.Core.Model;

namespace Pyflame.Cli.Live;

/// <summary>A thread the view can be filtered to: its OS thread id and name, as last seen.</summary>
internal sealed record LiveThread(int NativeThreadId, string? Name)
{
    /// <summary>Its process, with --subprocesses.</summary>
    public SampleProcess? Process { get; init; }

    public override string ToString() =>
        (Name is null ? $"thread {NativeThreadId}" : $"thread {NativeThreadId} ({Name})") + (Process is null ? "" : $" of process {Process.Pid}");
}
