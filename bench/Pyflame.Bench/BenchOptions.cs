namespace Pyflame.Bench;

/// <summary>What to run: the interpreters, the profilers' binaries, and how long (full or --quick).</summary>
public sealed record BenchOptions
{
    public required string RepoRoot { get; init; }

    /// <summary>The interpreter Pyflame is measured on (default the project's reference 3.12).</summary>
    public required string Python { get; init; }

    /// <summary>
    /// The interpreter for the side-by-side comparison: Debian's austin 1.0.1 (2020) reads CPython up
    /// to 3.10 only (and 3.10's line numbers wrongly), so both profilers are compared on 3.9 as well.
    /// Empty when the comparison is turned off.
    /// </summary>
    public required string AustinPython { get; init; }

    public required string PyflamePath { get; init; }

    public required string AustinPath { get; init; }

    public bool Quick { get; init; }

    /// <summary>Repetitions of each measured run (the table shows medians).</summary>
    public int Repetitions => Quick ? 1 : 3;

    /// <summary>Sampling seconds of the CPU / samples / accuracy runs.</summary>
    public double RunSeconds => Quick ? 1.0 : 2.0;

    /// <summary>How much longer the second run of a CPU measurement is (its extra cost per extra sample is the steady cost).</summary>
    public double SteadyExtraSeconds => Quick ? 3.0 : 8.0;

    /// <summary>Profiled periods per tool in the throughput comparison.</summary>
    public int ThroughputCycles => Quick ? 1 : 3;

    public double ThroughputProfileSeconds => Quick ? 2.0 : 3.5;

    /// <summary>The two lengths of the 8-thread memory runs; growth between them is extrapolated to 10 minutes.</summary>
    public (double Short, double Long) MemorySeconds => Quick ? (2.0, 5.0) : (5.0, 20.0);

    public string WorkloadScript => Path.Combine(RepoRoot, "bench", "workloads", "workload.py");

    public string RusageRunner => Path.Combine(RepoRoot, "bench", "tools", "rusage-run");
}
