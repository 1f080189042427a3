using Pyflame.Cli.CommandLine;
using Pyflame.Cli.Console;
using Pyflame.Core.Sampling;

namespace Pyflame.Cli.Session;

/// <summary>The one-line notes after a run: target exit, late or failed samples. Silent when there is nothing to say.</summary>
internal static class SummaryReporter
{
    /// <param name="policy">How the run paused: a failed sample of <see cref="PausePolicy.WhenTorn"/> is a paused reading, as with <see cref="PausePolicy.Always"/>.</param>
    /// <param name="causes">The failed samples sorted by cause; without it failures are reported by count alone.</param>
    public static void Report(SamplingSummary summary, ProfileRequest request, PausePolicy policy, IConsole console, int pid, FailureCauses? causes = null)
    {
        bool paused = policy != PausePolicy.Never;
        if (summary.End == SamplingEnd.TargetExited && request.TraceCommand is null)
        {
            console.Error.WriteLine($"pyflame: process {pid} exited after {summary.Elapsed.TotalSeconds:0.##} s; wrote the {summary.Samples} samples taken");
        }

        if (summary.End == SamplingEnd.TargetReplacedProgram)
        {
            console.Error.WriteLine($"pyflame: process {pid} replaced its program (exec) after {summary.Elapsed.TotalSeconds:0.##} s; wrote the {summary.Samples} samples taken before; run pyflame again to profile the new program");
        }

        // With --subprocesses the total is of several samplers, each checked on its own (ProcessFamily).
        if (!request.Subprocesses && RateNote(summary, request.Interval, policy) is { } note)
        {
            console.Error.WriteLine($"pyflame: {note}");
        }

        if (summary.FailedThreadStacks > 0)
        {
            console.Error.WriteLine($"pyflame: {summary.FailedThreadStacks} thread stacks could not be read and count as (failed) under their thread; the other threads of those samples were kept");
        }

        // A torn or too-deep stack is always worth a word; other failures only when they are more than a tenth.
        bool notable = causes is { Changing: > 0 } or { TooDeep: > 0 } || (!paused && causes is null && summary.Failed > 0)
            || (summary.Samples >= 10 && summary.Failed * 10 > summary.Samples);
        if (summary.Failed > 0 && notable)
        {
            string share = $"{summary.Failed} of {summary.Samples} samples ({100.0 * summary.Failed / summary.Samples:0.#} %) count as (failed)";
            console.Error.WriteLine(causes is null ? $"pyflame: {share}: they could not be read consistently" : $"pyflame: {share}: {causes.Describe(paused)}");
        }
    }

    /// <summary>
    /// "took N samples in T s where the rate R s asks for M: ...", when one sampler fell more than 5 % behind: late
    /// ticks are skipped, so a slow sample (thousands of threads, a huge stack) shows as too few samples. Suggests
    /// --nonblocking only where every sample paused: the default on 3.11+ already reads without pausing.
    /// </summary>
    public static string? RateNote(SamplingSummary summary, TimeSpan rate, PausePolicy policy)
    {
        double interval = rate.TotalSeconds;
        double asked = interval > 0 ? Math.Floor(summary.Elapsed.TotalSeconds / interval) + 1 : 0;
        if (asked < 10 || summary.Samples >= asked * 0.95)
        {
            return null;
        }

        double each = summary.Samples > 0 ? summary.Elapsed.TotalMilliseconds / summary.Samples : 0;
        string took = each >= 1 ? $"{each:0.#} ms" : $"{each * 1000:0} µs";
        return $"took {summary.Samples} samples in {summary.Elapsed.TotalSeconds:0.##} s where the rate {interval:0.#########} s asks for {asked:0}: a sample took about {took} here; use a longer -r{(policy == PausePolicy.Always ? " or --nonblocking" : "")}";
    }
}
