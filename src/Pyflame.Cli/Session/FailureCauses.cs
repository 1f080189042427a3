using Pyflame.Core.Model;
using Pyflame.Core.Python.Walking;
using Pyflame.Core.Sampling;

namespace Pyflame.Cli.Session;

/// <summary>
/// Sorts failed samples by cause, so the summary blames each on what caused it: only a stack that changed under a
/// reader that did not pause is cured by --blocking; a stack deeper than the walk limit, or memory that cannot be
/// read, fails the same way paused. The causes are told apart by the reasons the walker gives (FrameChain.cs,
/// NonBlockingSampleTaker.cs).
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
            Count(sample.FailureReason ?? string.Empty);
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
    public static string Explain(string? reason) => reason switch
    {
        _ when IsChanging(reason) => "the stack changed while it was read; try again, or use --blocking",
        _ when IsTooDeep(reason) => $"the stack is deeper than the {WalkLimits.Default.MaxDepth} frames pyflame walks (a runaway recursion or a corrupt frame chain)",
        _ => $"{reason ?? "no reason given"}; try again",
    };

    /// <summary>"kept changing while it was read", "vanished while it was read", "... (read while it changed)".</summary>
    private static bool IsChanging(string? reason) =>
        reason is not null && (reason.Contains("while it was read", StringComparison.Ordinal) || reason.Contains("while it changed", StringComparison.Ordinal));

    private static bool IsTooDeep(string? reason) => reason?.StartsWith("frame chain deeper than", StringComparison.Ordinal) == true;

    private void Count(string reason)
    {
        if (IsChanging(reason))
        {
            Changing++;
        }
        else if (IsTooDeep(reason))
        {
            TooDeep++;
        }
        else
        {
            Unreadable++;
            UnreadableReason ??= reason.Length > 0 ? reason : "no reason given";
        }
    }
}
