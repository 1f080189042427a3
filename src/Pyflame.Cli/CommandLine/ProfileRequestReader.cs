using System.CommandLine;
using System.Globalization;
using Pyflame.Core.Python;
using Pyflame.Output.Formats;

namespace Pyflame.Cli.CommandLine;

/// <summary>Turns parsed options into a <see cref="ProfileRequest"/>, rejecting bad values with a message that says what to do.</summary>
internal static class ProfileRequestReader
{
    public static ProfileRequest Read(ParseResult parsed, IReadOnlyList<string>? traceCommand)
    {
        List<string> warnings = [];
        int? pid = ReadPid(parsed, warnings);
        bool dump = parsed.GetValue(PyflameOptions.Dump);
        if (traceCommand is not null)
        {
            if (pid is not null)
            {
                throw new UsageException("-t/--trace cannot be combined with -p/--pid: either attach to a process or run a command");
            }

            if (dump)
            {
                throw new UsageException("-t/--trace cannot be combined with -d/--dump: dump a running process with -d -p PID");
            }

            if (traceCommand.Count == 0)
            {
                throw new UsageException("-t/--trace needs a command to run, e.g. pyflame -t python3 script.py");
            }
        }
        else if (pid is null)
        {
            throw new UsageException("nothing to profile: pass -p PID to attach, or -t COMMAND to run and trace a command");
        }

        SamplingTiming timing = SamplingTiming.Read(parsed.GetValue(PyflameOptions.Seconds), parsed.GetValue(PyflameOptions.Rate), traceCommand is not null);
        if (timing.Warning is not null)
        {
            warnings.Add(timing.Warning);
        }

        bool timestamps = parsed.GetValue(PyflameOptions.Timestamp);
        string? outputPath = parsed.GetValue(PyflameOptions.Output);
        OutputFormat format = ReadFormat(parsed.GetValue(PyflameOptions.Format), outputPath, dump, timestamps);
        bool icicle = parsed.GetValue(PyflameOptions.Icicle);
        if (icicle && !OutputFormats.DrawsFlameGraph(format))
        {
            throw new UsageException($"--icicle applies only to --format svg or html (the format is {OutputFormats.NameOf(format)})");
        }

        bool live = parsed.GetValue(PyflameOptions.Live);
        CheckLive(live, dump, timestamps);
        ProfilingMode profiling = ProfilingModeReader.Read(parsed, dump);
        (bool locals, bool json) = ReadDumpDetails(parsed, dump);
        return new ProfileRequest
        {
            Live = live,
            Format = format,
            Icicle = icicle,
            Pid = pid,
            TraceCommand = traceCommand,
            Duration = live && parsed.GetValue(PyflameOptions.Seconds) is null ? Timeout.InfiniteTimeSpan : timing.Duration,
            Interval = timing.Interval,
            OutputPath = outputPath,
            ExcludeIdle = parsed.GetValue(PyflameOptions.ExcludeIdle),
            Threads = profiling != ProfilingMode.Gil || dump,
            Subprocesses = parsed.GetValue(PyflameOptions.Subprocesses),
            Profiling = profiling,
            Locals = locals,
            Json = json,
            MarkGc = !parsed.GetValue(PyflameOptions.NoGc),
            Dump = dump,
            Timestamps = timestamps,
            Abi = ReadAbi(parsed.GetValue(PyflameOptions.Abi)),
            LineNumbers = !parsed.GetValue(PyflameOptions.NoLineNumbers),
            Mode = ReadMode(parsed),
            Warnings = warnings,
        };
    }

    private static void CheckLive(bool live, bool dump, bool timestamps)
    {
        if (live && dump)
        {
            throw new UsageException("--live cannot be combined with -d/--dump: -d prints the stacks once, --live keeps showing them");
        }

        if (live && timestamps)
        {
            throw new UsageException("--live cannot be combined with -T/--timestamp: record a flame chart with -T -o FILE, or watch with --live");
        }
    }

    private static (bool Locals, bool Json) ReadDumpDetails(ParseResult parsed, bool dump)
    {
        bool locals = parsed.GetValue(PyflameOptions.Locals);
        bool json = parsed.GetValue(PyflameOptions.Json);
        if ((locals || json) && !dump)
        {
            throw new UsageException($"{(locals ? "--locals" : "--json")} applies only to -d/--dump, e.g. pyflame -d {(locals ? "--locals" : "--json")} -p PID");
        }

        return (locals, json);
    }

    private static SamplingMode ReadMode(ParseResult parsed)
    {
        bool blocking = parsed.GetValue(PyflameOptions.Blocking);
        bool nonBlocking = parsed.GetValue(PyflameOptions.NonBlocking);
        if (blocking && nonBlocking)
        {
            throw new UsageException("--blocking and --nonblocking cannot be combined: pick one (or neither, to let pyflame choose per Python version)");
        }

        return blocking ? SamplingMode.Blocking : nonBlocking ? SamplingMode.NonBlocking : SamplingMode.Auto;
    }

    /// <summary>
    /// An explicit --format wins; otherwise the -o file's extension decides (folded when it implies
    /// nothing, so pipelines and "-o profile.txt" keep Pyflame's output). -d and -T write their own
    /// text, so they take no other format and ignore the extension.
    /// </summary>
    private static OutputFormat ReadFormat(string? text, string? outputPath, bool dump, bool timestamps)
    {
        if (text is null)
        {
            OutputFormat inferred = OutputFormat.Folded;
            bool implied = outputPath is not null && OutputFormats.TryInferFromPath(outputPath, out inferred) && inferred != OutputFormat.Folded;
            if (implied && (dump || timestamps))
            {
                throw new UsageException(TextOnlyConflict(dump, outputPath!, inferred));
            }

            return implied ? inferred : OutputFormat.Folded;
        }

        if (!OutputFormats.TryParse(text, out OutputFormat format))
        {
            throw new UsageException($"unknown --format '{text}'; choose one of: {OutputFormats.NameList}");
        }

        if (dump && format != OutputFormat.Folded)
        {
            throw new UsageException($"-d/--dump prints a text snapshot of the stacks and cannot be combined with --format {OutputFormats.NameOf(format)}");
        }

        if (timestamps && format != OutputFormat.Folded)
        {
            throw new UsageException($"-T/--timestamp writes its own timestamped text and cannot be combined with --format {OutputFormats.NameOf(format)}; "
                + "for a time-ordered file use --format chrome-trace, speedscope or cpuprofile without -T");
        }

        return format;
    }

    /// <summary>-d and -T write plain text; a file named for another format would hold text its viewer cannot open.</summary>
    private static string TextOnlyConflict(bool dump, string outputPath, OutputFormat implied)
    {
        string format = OutputFormats.NameOf(implied);
        return dump
            ? $"-d/--dump prints a text snapshot, but -o {outputPath} names a file for --format {format}; write it to a .txt file, or drop -d for a {format} profile"
            : $"-T/--timestamp writes timestamped text, but -o {outputPath} names a file for --format {format}; write it to a .txt file, or drop -T for a {format} profile";
    }

    private static int? ReadPid(ParseResult parsed, List<string> warnings)
    {
        string? option = parsed.GetValue(PyflameOptions.Pid);
        string[] bare = parsed.GetValue(PyflameOptions.BarePid) ?? [];
        if (bare.Length > 1)
        {
            throw new UsageException($"unexpected arguments: {string.Join(' ', bare)}");
        }

        if (bare.Length == 1)
        {
            if (bare[0].StartsWith('-'))
            {
                throw new UsageException($"unknown option '{bare[0]}'");
            }

            if (option is not null)
            {
                throw new UsageException($"unexpected argument '{bare[0]}': the PID is already given with -p");
            }

            warnings.Add("pyflame: warning: passing the PID as the last argument is deprecated; use -p PID");
            return ParsePid(bare[0], "PID");
        }

        return option is null ? null : ParsePid(option, "-p/--pid");
    }

    private static int ParsePid(string text, string what) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && pid > 0
            ? pid
            : throw new UsageException($"{what} must be a process id (a positive whole number), got '{text}'");

    private static PythonVersion? ReadAbi(string? text)
    {
        if (text is null)
        {
            return null;
        }

        return PythonVersion.TryParseAbi(text, out PythonVersion version) && version.Major is 2 or 3
            ? version
            : throw new UsageException($"--abi must be a Python version such as 27, 36, 311 or 3.12, got '{text}'");
    }
}
