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

        double seconds = ReadNumber(parsed.GetValue(PyflameOptions.Seconds), "--seconds", 1);
        if (seconds < 0 || double.IsInfinity(seconds))
        {
            throw new UsageException($"--seconds must be 0 or more (got {parsed.GetValue(PyflameOptions.Seconds)})");
        }

        double rate = ReadNumber(parsed.GetValue(PyflameOptions.Rate), "--rate", 0.01);
        if (rate <= 0 || double.IsInfinity(rate))
        {
            throw new UsageException($"--rate is the interval between samples in seconds and must be more than 0 (got {parsed.GetValue(PyflameOptions.Rate)}); e.g. -r 0.001 for 1 kHz");
        }

        bool timestamps = parsed.GetValue(PyflameOptions.Timestamp);
        string? outputPath = parsed.GetValue(PyflameOptions.Output);
        OutputFormat format = ReadFormat(parsed.GetValue(PyflameOptions.Format), outputPath, dump, timestamps);
        bool icicle = parsed.GetValue(PyflameOptions.Icicle);
        if (icicle && !OutputFormats.DrawsFlameGraph(format))
        {
            throw new UsageException($"--icicle applies only to --format svg or html (the format is {OutputFormats.NameOf(format)})");
        }

        ProfilingMode profiling = ProfilingModeReader.Read(parsed, dump);
        (bool locals, bool json) = ReadDumpDetails(parsed, dump);
        return new ProfileRequest
        {
            Format = format,
            Icicle = icicle,
            Pid = pid,
            TraceCommand = traceCommand,
            Duration = TimeSpan.FromSeconds(seconds),
            Interval = TimeSpan.FromSeconds(Math.Max(rate, 1e-6)),
            OutputPath = outputPath,
            ExcludeIdle = parsed.GetValue(PyflameOptions.ExcludeIdle),
            Threads = profiling != ProfilingMode.Gil || dump,
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
            return !dump && !timestamps && outputPath is not null && OutputFormats.TryInferFromPath(outputPath, out OutputFormat inferred)
                ? inferred
                : OutputFormat.Folded;
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

    private static double ReadNumber(string? text, string name, double fallback)
    {
        if (text is null)
        {
            return fallback;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && !double.IsNaN(value)
            ? value
            : throw new UsageException($"{name} must be a number of seconds, got '{text}'");
    }

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
