using System.CommandLine;
using Pyflame.Core.Python;

namespace Pyflame.Cli.CommandLine;

/// <summary>Pyflame's options, named and described as in its man page, each with its default shown in --help.</summary>
internal static class PyflameOptions
{
    public static readonly Option<string?> Pid = new("--pid", "-p")
    {
        Description = "Attach to the running Python process PID and profile it.",
        HelpName = "PID",
    };

    public static readonly Option<string?> Seconds = new("--seconds", "-s")
    {
        Description = "Profile for SECONDS before detaching; 0 takes exactly one sample. Not used in trace mode. [default: 1]",
        HelpName = "SECONDS",
    };

    public static readonly Option<string?> Rate = new("--rate", "-r")
    {
        Description = "Sample every RATE seconds on average (an interval: 0.001 = 1 kHz; each interval is drawn between 0.5 and 1.5 times RATE so no periodic work is sampled in lock-step). Lower values cost the target more. [default: 0.01]",
        HelpName = "RATE",
    };

    public static readonly Option<string?> Output = new("--output", "-o")
    {
        Description = "Write the profile to FILENAME instead of stdout. [default: stdout]",
        HelpName = "FILENAME",
    };

    public static readonly Option<string?> Format = new("--format")
    {
        Description = "Output format: folded (stacks for flamegraph.pl), svg (interactive flame graph), html (flame graph + function table), "
            + "speedscope, cpuprofile (Chrome DevTools), chrome-trace (Perfetto / chrome://tracing), pprof (gzipped profile.proto). "
            + "[default: from the -o file's extension (.svg, .html, .speedscope.json, .cpuprofile, .json/.trace.json, .pb.gz/.pprof, .txt/.folded), else folded]",
        HelpName = "FORMAT",
    };

    public static readonly Option<bool> Icicle = new("--icicle")
    {
        Description = "svg/html: draw the flame graph top-down (root at the top, an icicle graph) instead of bottom-up. [default: off]",
    };

    public static readonly Option<bool> Trace = new("--trace", "-t")
    {
        Description = "Trace mode: run COMMAND [ARGS...] and profile it until it exits. Must be the last pyflame option; "
            + "pyflame exits with the command's status.",
    };

    public static readonly Option<bool> ExcludeIdle = new("--exclude-idle", "-x")
    {
        Description = "Leave out idle time (samples where no thread holds the GIL, or idle threads with --threads). [default: off]",
    };

    public static readonly Option<bool> Threads = new("--threads")
    {
        Description = "Same as --mode wall: sample every Python thread, not only the one holding the GIL; each thread's stacks are grouped under a root frame naming it. [default: off]",
    };

    public static readonly Option<bool> Subprocesses = new("--subprocesses")
    {
        Description = "Also profile the target's descendants (a multiprocessing pool, forked workers, the Pythons a shell starts), "
            + "including ones started while sampling; each process's stacks are rooted at (process PID COMMAND); processes that are not Python are skipped. "
            + "e.g. pyflame --subprocesses -t python3 app.py [default: off]",
    };

    public static readonly Option<bool> Dump = new("--dump", "-d")
    {
        Description = "Print every thread's current stack once and exit (implies --threads): whether it holds the GIL, runs or is idle, "
            + "and whether the garbage collector is running. e.g. pyflame -d -p PID [default: off]",
    };

    public static readonly Option<bool> Locals = new("--locals")
    {
        Description = "With -d: also print each frame's arguments and local variables, read from memory (None, bool, int, float, str, bytes, "
            + "previews of tuple, list, dict and set; anything else as <TYPE at 0xADDR>). e.g. pyflame -d --locals -p PID [default: off]",
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "With -d: write the dump as JSON (process, Python version, threads, frames, locals). e.g. pyflame -d --json --locals -p PID [default: off]",
    };

    public static readonly Option<string?> Mode = new("--mode")
    {
        Description = "Which threads each sample records: gil (the thread holding the GIL, (idle) when none does), wall (every thread, "
            + "idle ones under (idle); same as --threads) or cpu (every thread, only while it is on a CPU). e.g. pyflame --mode cpu -p PID [default: gil]",
        HelpName = "MODE",
    };

    public static readonly Option<bool> NoGc = new("--no-gc")
    {
        Description = "Leave out the (gc) frame that marks samples taken while the garbage collector was running (CPython 2.7, 3.6+ with symbols; "
            + "see README). e.g. pyflame --no-gc -p PID [default: off]",
    };

    public static readonly Option<bool> Timestamp = new("--timestamp", "-T", "--flamechart")
    {
        Description = "Print a timestamp (microseconds since the epoch) before each sample's stack, for flame charts (see utils/flame-chart-json). [default: off]",
    };

    public static readonly Option<bool> Live = new("--live")
    {
        Description = "Show a live, full-screen top-like view in the terminal instead of writing a profile: functions by own and total time, "
            + "refreshed every second; keys on screen (1-4 sort, l lines/functions, t thread, o process (with --subprocesses), i idle, p pause, r reset, q quit). "
            + "Runs until q (or -s SECONDS); with -o FILE the profile is also written at the end. [default: off]",
    };

    public static readonly Option<string?> Abi = new("--abi")
    {
        Description = "Force the Python ABI VERSION (e.g. 27, 36, 311, 3.12) when it cannot be detected, as with some embedded builds. [default: detected from the target]",
        HelpName = "VERSION",
    };

    public static readonly Option<bool> NoLineNumbers = new("--no-line-numbers", "-n")
    {
        Description = "Leave line numbers out of the output (aggregates by function). [default: off]",
    };

    public static readonly Option<bool> NonBlocking = new("--nonblocking")
    {
        Description = "Read stacks without stopping the target's threads: nothing is paused; a stack that changed under the reader is read again or shows as (failed). [default: off; real code read this way had 0.8-5 % of samples (failed); by default such samples are read again paused on 3.11+]",
    };

    public static readonly Option<bool> Blocking = new("--blocking")
    {
        Description = "Pause the thread(s) read for each sample (Pyflame's classic way): exact lines on every version, at some cost to a busy target. [default: before 3.11, and for -d; on 3.11+ the default reads without pausing and pauses only to read again a sample that changed under the reader]",
    };

    public static readonly Option<bool> Version = new("--version", "-v")
    {
        Description = "Print the version and exit.",
    };

    /// <summary>Used by utils/flame-chart-json: read -T output on stdin, write a Chrome .cpuprofile to stdout.</summary>
    public static readonly Option<bool> ConvertFlameChart = new("--flame-chart-json")
    {
        Description = "Convert -T output on stdin into a Chrome .cpuprofile on stdout (what utils/flame-chart-json runs).",
        Hidden = true,
    };

    /// <summary>Used by tools/release/build: print the man page pyflame(1), made from these definitions, as --help is.</summary>
    public static readonly Option<bool> ManPage = new("--man")
    {
        Description = "Print the man page pyflame(1) (troff), generated from the same option definitions as --help.",
        Hidden = true,
    };

    /// <summary>Used by tools/release/build: print a bash completion script made from these definitions.</summary>
    public static readonly Option<bool> BashCompletion = new("--bash-completion")
    {
        Description = "Print a bash completion script for pyflame, generated from the same option definitions as --help.",
        Hidden = true,
    };

    public static readonly Argument<string[]> BarePid = new("PID")
    {
        Description = "Deprecated: the PID as the last argument; use -p PID.",
        Arity = ArgumentArity.ZeroOrMore,
    };

    /// <summary>One example per option, shown by --help under the usage (the README has the same ones).</summary>
    private const string ExamplesText =
        "Examples:\n"
        + "  pyflame -s 10 -r 0.001 -o profile.txt -p PID     10 s at 1 kHz into a file (folded)\n"
        + "  pyflame --format html -o report.html -p PID      flame graph + function table (--icicle: top-down)\n"
        + "  pyflame -o tests.svg -t python3 -m pytest        profile a command until it exits\n"
        + "  pyflame --mode cpu -x -n -p PID                  every thread while on a CPU, no idle, functions only\n"
        + "  pyflame --threads -p PID                         every thread (= --mode wall)\n"
        + "  pyflame --no-gc -p PID                           without the (gc) frame of garbage collections\n"
        + "  pyflame -d --locals -p PID                       every thread's stack and variables, once\n"
        + "  pyflame -d --json --locals -p PID > dump.json    the same as JSON\n"
        + "  pyflame -T -p PID | utils/flame-chart-json       timestamped samples for a flame chart\n"
        + "  pyflame --live -p PID                            watch it live, like top (q quits)\n"
        + "  pyflame --subprocesses -t python3 app.py         with the processes it starts (pools, workers)\n"
        + "  pyflame --abi 311 --blocking -p PID              force the ABI; pause threads (--nonblocking: never)";

    public static RootCommand CreateRootCommand()
    {
        RootCommand root = new($"pyflame: a sampling profiler for running Python processes (CPython {SupportedPythons.Summary}).\n"
            + "Usage: pyflame [options] -p PID | pyflame [options] -t COMMAND [ARGS...]\n"
            + "Output is folded stacks for flamegraph.pl (pyflame -p PID | flamegraph.pl > profile.svg), or a flame graph,\n"
            + "speedscope, Chrome or pprof file with --format or -o FILE: pyflame -o profile.svg -p PID\n"
            + ExamplesText);
        foreach (Option option in root.Options.Where(o => o is System.CommandLine.VersionOption).ToList())
        {
            root.Options.Remove(option);
        }

        Option[] options = [Pid, Seconds, Rate, Output, Format, Icicle, Trace, ExcludeIdle, Threads, Mode, Subprocesses, NoGc, Dump, Locals, Json, Timestamp, Live, Abi, NoLineNumbers, NonBlocking, Blocking, Version, ConvertFlameChart, ManPage, BashCompletion];
        foreach (Option option in options)
        {
            root.Options.Add(option);
        }

        root.Arguments.Add(BarePid);
        return root;
    }
}
