namespace Pyflame.Core.Sampling;

/// <summary>
/// Totals of a run: samples taken, how many came later than their deadline, how many failed, and why it ended;
/// <see cref="FailedThreadStacks"/> counts the threads of all-threads samples whose stack alone could not be read.
/// </summary>
public sealed record SamplingSummary(int Samples, int Late, int Failed, SamplingEnd End, TimeSpan Elapsed, int FailedThreadStacks = 0);
