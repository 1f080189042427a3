using Pyflame.Cli.CommandLine;
using Pyflame.Cli.Console;
using Pyflame.Core.Sampling;

namespace Pyflame.Cli.Session;

/// <summary>The one-line notes after a run: target exit, late or failed samples. Silent when there is nothing to say.</summary>
internal static class SummaryReporter
{
    /// <param name="paused">Whether samples paused the threads they read (the mode chosen for this target).</param>
    public static void Report(SamplingSummary summary, ProfileRequest request, bool paused, IConsole console, int pid)
    {
        if (summary.End == SamplingEnd.TargetExited && request.TraceCommand is null)
        {
            console.Error.WriteLine($"pyflame: process {pid} exited after {summary.Elapsed.TotalSeconds:0.##} s; wrote the {summary.Samples} samples taken");
        }

        if (summary.Samples >= 20 && summary.Late * 20 > summary.Samples)
        {
            console.Error.WriteLine($"pyflame: {summary.Late} of {summary.Samples} samples were late (the rate {request.Interval.TotalSeconds} s may be too fast for this machine)");
        }

        if (!paused && summary.Failed > 0)
        {
            console.Error.WriteLine($"pyflame: {summary.Failed} of {summary.Samples} samples ({100.0 * summary.Failed / summary.Samples:0.#} %) changed while they were read without pausing and count as (failed); --blocking pauses instead");
        }
        else if (summary.Samples >= 10 && summary.Failed * 10 > summary.Samples)
        {
            console.Error.WriteLine($"pyflame: {summary.Failed} of {summary.Samples} samples could not be read consistently and count as (failed)");
        }
    }
}
