using Pyflame.Core.Python;
using Pyflame.Output.Formats;

namespace Pyflame.Cli.CommandLine;

/// <summary>A validated command line: what to profile, how, and where the output goes.</summary>
internal sealed record ProfileRequest
{
    public int? Pid { get; init; }

    /// <summary>Trace mode's command and its arguments (after -t), or null in attach mode.</summary>
    public IReadOnlyList<string>? TraceCommand { get; init; }

    /// <summary>How long to sample in attach mode; <see cref="Timeout.InfiniteTimeSpan"/> (--live without -s) until stopped.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan Interval { get; init; } = TimeSpan.FromMilliseconds(10);

    public string? OutputPath { get; init; }

    /// <summary>What to write: --format, else implied by the -o file's extension, else folded.</summary>
    public OutputFormat Format { get; init; } = OutputFormat.Folded;

    /// <summary>--icicle: flame graphs top-down.</summary>
    public bool Icicle { get; init; }

    public bool ExcludeIdle { get; init; }

    public bool Threads { get; init; }

    /// <summary>--subprocesses: the target's descendants too, each process's stacks under its own root.</summary>
    public bool Subprocesses { get; init; }

    public bool Dump { get; init; }

    public bool Timestamps { get; init; }

    /// <summary>--live: the full-screen view; <see cref="Duration"/> is then infinite unless -s was given.</summary>
    public bool Live { get; init; }

    public PythonVersion? Abi { get; init; }

    public bool LineNumbers { get; init; } = true;

    /// <summary>--blocking, --nonblocking, or neither (<see cref="SamplingModeChoice"/> decides per version).</summary>
    public SamplingMode Mode { get; init; }

    /// <summary>--mode (gil, wall or cpu); --threads is --mode wall.</summary>
    public ProfilingMode Profiling { get; init; } = ProfilingMode.Gil;

    /// <summary>-d --locals: each frame's arguments and local variables.</summary>
    public bool Locals { get; init; }

    /// <summary>-d --json: the dump as JSON.</summary>
    public bool Json { get; init; }

    /// <summary>False with --no-gc: no (gc) frame on samples taken while the garbage collector runs.</summary>
    public bool MarkGc { get; init; } = true;

    /// <summary>Warnings to print once the request is accepted (e.g. the deprecated bare PID).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
