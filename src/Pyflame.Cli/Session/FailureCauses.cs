using Pyflame.Core.Model;
using Pyflame.Core.Python.Walking;
using Pyflame.Core.Sampling;

namespace Pyflame.Cli.Session;

/// <summary>
/// Sorts failed samples by cause (<see cref="ReadFailure.Cause"/>, set where the failure is found: FrameChain.cs,
/// StackWalker.cs, NonBlockingSampleTaker.cs), so the summary blames each on what caused it: only a stack that
/// changed under a reader that did not pause is cured by --blocking; a stack deeper than the walk limit, or memory
/// that cannot be read, fails the same way paused.
/// </summary>
internal sealed class FailureCauses(ISampleSink inner) : ISampleSink
{
    public int Changing { get; private set; }

    public int TooDeep { get; private set; }

    public int Unreadable { get; private set; }

    /// <summary>The first reason of the "unreadable" kind, to name it.</summary>
    public string? UnreadableReason { get; private set; }

    public void OnSample(Sample sample)
    {
        if (sample.Outcome == SampleOutcome.Failed)
        {
            Count(sample.FailureReason);
        }

        inner.OnSample(sample);
    }

    public void OnCompleted() => inner.OnCompleted();

    /// <summary>"N changed while ..., N had a stack deeper than ..." for the causes seen, most curable first.</summary>
    /// <param name="paused">Whether the samples paused the threads they read: only if not does --blocking help.</param>
    public string Describe(bool paused)
    {
        List<string> parts = [];
        if (Changing > 0)
        {
            parts.Add(paused ? $"{Changing} changed while they were read" : $"{Changing} changed while they were read without pausing (--blocking pauses instead)");
        }

        if (TooDeep > 0)
        {
            parts.Add($"{TooDeep} had a stack deeper than the {WalkLimits.Default.MaxDepth} frames pyflame walks (a runaway recursion or a corrupt frame chain; pausing does not change that)");
        }

        if (Unreadable > 0)
        {
            parts.Add($"{Unreadable} could not be read ({UnreadableReason})");
        }

        return string.Join(", ", parts);
    }

    /// <summary>One failed read in words, for -d's single sample: the cause, and whether trying again can help.</summary>
    public static string Explain(ReadFailure? failure) => failure?.Cause switch
    {
        FailureCause.Changing => "the stack changed while it was read; try again, or use --blocking",
        FailureCause.TooDeep => $"the stack is deeper than the {WalkLimits.Default.MaxDepth} frames pyflame walks (a runaway recursion or a corrupt frame chain)",
        _ => $"{failure?.Text ?? "no reason given"}; try again",
    };

    private void Count(ReadFailure? failure)
    {
        switch (failure?.Cause)
        {
            case FailureCause.Changing:
                Changing++;
                break;
            case FailureCause.TooDeep:
                TooDeep++;
                break;
            default:
                Unreadable++;
                UnreadableReason ??= failure?.Text ?? "no reason given";
                break;
        }
    }
}
