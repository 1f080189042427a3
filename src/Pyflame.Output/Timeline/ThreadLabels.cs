using System.Globalization;
using Pyflame.Core.Aggregation;
using Pyflame.Core.Model;

namespace Pyflame.Output.Timeline;

/// <summary>Human names for threads and the profile, shared by the JSON writers.</summary>
internal static class ThreadLabels
{
    /// <summary>Name of the track holding records without a thread (GIL-mode idle and failed samples).</summary>
    public const string NoThreadName = "(no thread holding the GIL)";

    /// <summary>"MainThread (tid 4242)" or "thread 4242"; with --subprocesses "... in python3 app.py (pid 4240)".</summary>
    public static string Of(TimelineThread thread)
    {
        string label = string.IsNullOrEmpty(thread.Name)
            ? string.Create(CultureInfo.InvariantCulture, $"thread {thread.NativeThreadId}")
            : string.Create(CultureInfo.InvariantCulture, $"{thread.Name} (tid {thread.NativeThreadId})");
        return thread.Process is { } process ? $"{label} in {ProcessOf(process)}" : label;
    }

    /// <summary>"python3 app.py (pid 4242)" or "pid 4242".</summary>
    public static string ProcessOf(SampleProcess process) =>
        string.IsNullOrWhiteSpace(process.Command)
            ? string.Create(CultureInfo.InvariantCulture, $"pid {process.Pid}")
            : string.Create(CultureInfo.InvariantCulture, $"{process.Command} (pid {process.Pid})");

    /// <summary>"python3 app.py (pid 4242)", "pid 4242", or "python".</summary>
    public static string ProcessOf(ProfileMetadata metadata)
    {
        string? command = string.IsNullOrWhiteSpace(metadata.Command) ? null : metadata.Command;
        return (command, metadata.Pid) switch
        {
            (not null, > 0) => string.Create(CultureInfo.InvariantCulture, $"{command} (pid {metadata.Pid})"),
            (not null, _) => command,
            (null, > 0) => string.Create(CultureInfo.InvariantCulture, $"pid {metadata.Pid}"),
            _ => "python",
        };
    }
}
