namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>Profiling durations: short enough for ~150 runs in a couple of minutes, long enough for ~50 samples.</summary>
internal static class Durations
{
    /// <summary>0.5 s at the default 10 ms rate, about 50 samples.</summary>
    public const string Short = "0.5";

    /// <summary>
    /// --threads pauses and walks every thread per sample; on a loaded 2-core box 0.5 s sometimes gave
    /// a single sample, too few to check that every sample holds every thread.
    /// </summary>
    public const string Threads = "1";
}
