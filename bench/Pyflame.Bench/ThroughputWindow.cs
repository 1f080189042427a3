namespace Pyflame.Bench;

/// <summary>One window the workload reported: CLOCK_MONOTONIC start and end, and iterations done in it.</summary>
public sealed record ThroughputWindow(double Start, double End, long Iterations)
{
    public double Rate => Iterations / (End - Start);
}
