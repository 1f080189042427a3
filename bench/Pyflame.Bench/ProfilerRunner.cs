using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Pyflame.Bench;

/// <summary>
/// Starts one profiler under bench/tools/rusage-run (exact per-process CPU and peak RSS) and parses
/// what it wrote. Pyflame stops by itself after -s; austin has no duration option, so it gets SIGINT
/// after its start-up latency plus the same sampling time.
/// </summary>
public sealed class ProfilerRunner(BenchOptions options, string scratch)
{
    private int _runs;

    /// <summary>Seconds from austin's start to its first sample (measured once per interpreter), used to place its SIGINT.</summary>
    public Dictionary<string, double> AustinStartLatency { get; } = [];

    /// <summary>Rate 0 asks for as many samples per second as the tool takes (each tool's smallest interval).</summary>
    public const int MostHz = 0;

    public ProfilerRun Sample(ProfilerTool tool, int pid, double seconds, int rateHz, bool threads = false)
    {
        string output = NextPath("out");
        List<string> command;
        double? stopAfter = null;
        double sampledSeconds = seconds;
        string interval = rateHz == MostHz ? "1" : Text(1_000_000 / rateHz);
        switch (tool.Kind)
        {
            case ToolKind.Austin1:
            case ToolKind.Austin3:
                stopAfter = AustinStartLatency.GetValueOrDefault(tool.Key, 0.01) + seconds;
                command = tool.Kind == ToolKind.Austin1 ? [options.AustinPath] : [.. options.Austin3Command];
                command.AddRange(["-i", interval, "-o", output, "-p", Text(pid)]);
                break;
            case ToolKind.ProfilingSampling:
                // Whole seconds only (-d is an int); the output is written inside the root, where the tool runs.
                sampledSeconds = Math.Max(1, Math.Ceiling(seconds));
                string inside = $"{BenchOptions.SidScratch}/{Path.GetFileName(output)}";
                output = options.SidRoot + inside;
                command = [.. SidTool(pid), "attach", "--collapsed", "-o", inside, "-d", Text(sampledSeconds),
                    "-r", rateHz == MostHz ? "1000khz" : Text(rateHz)];
                if (threads)
                {
                    command.Add("-a");
                }

                command.Add(Text(pid));
                break;
            default:
                // Each column names its mode: the default depends on the Python version (3.11+ non-blocking).
                command = [options.PyflamePath, "-s", Text(seconds), "-r", rateHz == MostHz ? "0.000001" : Text(1.0 / rateHz), "-o", output, .. ModeOptions(tool)];
                if (threads)
                {
                    command.Add("--threads");
                }

                command.AddRange(["-p", Text(pid)]);
                break;
        }

        RunUsage usage = Run(command, stopAfter, stdoutPath: null);
        if (tool.IsAustin && usage.StoppedAtSeconds is { } stoppedAt)
        {
            sampledSeconds = Math.Max(0, stoppedAt - AustinStartLatency.GetValueOrDefault(tool.Key, 0.01));
        }

        ParsedProfile profile = !File.Exists(output) ? ParsedProfile.Empty : tool.Kind switch
        {
            ToolKind.Austin1 => AustinParser.Parse(output),
            ToolKind.Austin3 => Austin3Parser.Parse(output),
            _ => FoldedParser.Parse(output),
        };
        File.Delete(output);
        double requested = rateHz == MostHz ? double.NaN : sampledSeconds * rateHz;
        return new ProfilerRun(tool, usage, profile, requested, sampledSeconds);
    }

    /// <summary>
    /// profiling.sampling on a target in the sid root: it finds the interpreter only from inside the target's own
    /// mount namespace and root (nsenter -m -r), where the target's /proc is mounted (WorkloadProcess).
    /// </summary>
    private static List<string> SidTool(int pid) =>
        ["nsenter", "-t", Text(pid), "-m", "-r", "/usr/bin/python3.15", "-m", "profiling.sampling"];

    /// <summary>
    /// Pyflame's shortest useful run: attach, one sample (-s 0) or one dump (-d), write, exit. <paramref name="launcher"/>:
    /// through the checkout's ./pyflame (what users run, its up-to-date check included) instead of the built binary.
    /// </summary>
    public RunUsage PyflameOnce(ProfilerTool tool, int pid, bool dump, bool launcher = false)
    {
        string binary = launcher ? Path.Combine(options.RepoRoot, "pyflame") : options.PyflamePath;
        List<string> command = [binary, dump ? "-d" : "-s", .. dump ? Array.Empty<string>() : ["0"], "-o", NextPath("once"), .. ModeOptions(tool)];
        command.AddRange(["-p", Text(pid)]);
        return Run(command, stopAfter: null, stdoutPath: null);
    }

    /// <summary>CPU seconds of <paramref name="wakeups"/> bare 1 ms timer wake-ups (bench/tools/timer-floor.c): the floor per sample.</summary>
    public double TimerFloorCpuSeconds(int wakeups) =>
        Run([Path.Combine(AppContext.BaseDirectory, "timer-floor"), Text(wakeups)], stopAfter: null, stdoutPath: null).CpuSeconds;

    /// <summary>
    /// austin's start-up: line-buffered (stdbuf -oL) so its first sample reaches the pipe at once; the
    /// first byte's arrival is the time to first sample. Also gives its start-up CPU with a 1 s interval.
    /// </summary>
    public (RunUsage FirstLine, RunUsage Idle) AustinOnce(ProfilerTool tool, int pid)
    {
        List<string> austin = tool.Kind == ToolKind.Austin1 ? [options.AustinPath] : [.. options.Austin3Command];
        // austin 3 prints "# key: value" header lines before its first sample; a sample line starts with "P".
        string? firstPrefix = tool.Kind == ToolKind.Austin3 ? "P" : null;
        RunUsage first = Run(["stdbuf", "-oL", .. austin, "-i", "100", "-p", Text(pid)], stopAfter: 0.5, NextPath("first"), firstPrefix);
        RunUsage idle = Run([.. austin, "-i", "1000000", "-o", NextPath("idle"), "-p", Text(pid)], stopAfter: 0.3, stdoutPath: null);
        return (first, idle);
    }

    private RunUsage Run(IReadOnlyList<string> command, double? stopAfter, string? stdoutPath, string? firstPrefix = null)
    {
        string report = NextPath("usage");
        ProcessStartInfo info = new(options.RusageRunner) { UseShellExecute = false, RedirectStandardError = true };
        info.ArgumentList.Add(report);
        if (stdoutPath is not null)
        {
            info.ArgumentList.Add("--stdout");
            info.ArgumentList.Add(stdoutPath);
        }

        if (firstPrefix is not null)
        {
            info.ArgumentList.Add("--first-prefix");
            info.ArgumentList.Add(firstPrefix);
        }

        if (stopAfter is { } seconds)
        {
            info.ArgumentList.Add("--stop-after");
            info.ArgumentList.Add(Text(seconds));
        }

        info.ArgumentList.Add("--");
        foreach (string argument in command)
        {
            info.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(info) ?? throw new InvalidOperationException("could not start rusage-run");
        string errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        RunUsage usage = JsonSerializer.Deserialize<RunUsage>(File.ReadAllText(report))
            ?? throw new InvalidOperationException("empty rusage report");
        File.Delete(report);
        if (usage.ExitCode != 0 && stopAfter is null)
        {
            Console.Error.WriteLine($"bench: '{string.Join(' ', command)}' exited {usage.ExitCode}: {errors.Trim()}");
        }

        return usage;
    }

    private static string[] ModeOptions(ProfilerTool tool) => tool.Mode is null ? [] : [tool.Mode];

    private string NextPath(string kind) => Path.Combine(scratch, $"{kind}-{Interlocked.Increment(ref _runs)}.txt");

    private static string Text(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
