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

    /// <summary>The Debian sid root (tools/debian-root/ensure sid): austin 3.7, python3.15 and its profiling.sampling. Empty: those peers are left out.</summary>
    public string SidRoot { get; init; } = "";

    /// <summary>The interpreter austin 3.7 and Pyflame are compared on (pyenv 3.11-3.13).</summary>
    public string Austin3Python { get; init; } = "";

    /// <summary>Seconds of the long 9-thread memory run (the issue asks for 10 minutes; the default is shorter).</summary>
    public double? MemoryLongSeconds { get; init; }

    /// <summary>Seconds of each profiled throughput period (and the gaps around it are as long).</summary>
    public double? ThroughputSeconds { get; init; }

    /// <summary>Real-application workloads for the leaf-share distances: "PYTHON WORKLOAD" pairs; empty to skip.</summary>
    public IReadOnlyList<(string Python, string Workload)> RealApps { get; init; } = [];

    /// <summary>The austin 3.7 command: sid's loader and libraries around the unpacked binary (it needs glibc 2.38).</summary>
    public IReadOnlyList<string> Austin3Command =>
    [
        Path.Combine(SidRoot, "usr/lib64/ld-linux-x86-64.so.2"), "--library-path", Path.Combine(SidRoot, "usr/lib/x86_64-linux-gnu"),
        Path.Combine(SidRoot, "opt/austin/usr/bin/austin"),
    ];

    /// <summary>Where the workload script is copied inside the sid root (a chroot'ed target sees only the root).</summary>
    public const string SidScratch = "/tmp/pyflame-bench";

    /// <summary>Repetitions of each measured run (the table shows medians).</summary>
    public int Repetitions => Quick ? 1 : 3;

    /// <summary>Sampling seconds of the CPU / samples / accuracy runs.</summary>
    public double RunSeconds => Quick ? 1.0 : 2.0;

    /// <summary>How much longer the second run of a CPU measurement is (its extra cost per extra sample is the steady cost).</summary>
    public double SteadyExtraSeconds => Quick ? 3.0 : 8.0;

    /// <summary>Profiled periods per tool in the throughput comparison.</summary>
    public int ThroughputCycles => Quick ? 1 : 3;

    public double ThroughputProfileSeconds => ThroughputSeconds ?? (Quick ? 2.0 : 3.5);

    /// <summary>The two lengths of the 8-thread memory runs; growth between them is extrapolated to 10 minutes.</summary>
    public (double Short, double Long) MemorySeconds => MemoryLongSeconds is { } longer
        ? (Math.Min(5.0, longer / 4), longer)
        : Quick ? (2.0, 5.0) : (5.0, 20.0);

    /// <summary>Seconds per profile of a real application (each of default, --blocking, --blocking).</summary>
    public double RealAppSeconds => Quick ? 4.0 : 8.0;

    public string WorkloadScript => Path.Combine(RepoRoot, "bench", "workloads", "workload.py");

    public string RusageRunner => Path.Combine(RepoRoot, "bench", "tools", "rusage-run");
}
