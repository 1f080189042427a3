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

    public ProfilerRun Sample(ProfilerTool tool, int pid, double seconds, int rateHz, bool threads = false)
    {
        string output = NextPath("out");
        List<string> command;
        double? stopAfter = null;
        double sampledSeconds = seconds;
        if (tool.IsAustin)
        {
            double latency = AustinStartLatency.GetValueOrDefault(tool.Python, 0.01);
            stopAfter = latency + seconds;
            command = [options.AustinPath, "-i", (1_000_000 / rateHz).ToString(CultureInfo.InvariantCulture), "-o", output, "-p", Text(pid)];
        }
        else
        {
            // Each column names its mode: the default depends on the Python version (3.11+ non-blocking).
            command = [options.PyflamePath, "-s", Text(seconds), "-r", Text(1.0 / rateHz), "-o", output, ModeOption(tool)];
            if (threads)
            {
                command.Add("--threads");
            }

            command.AddRange(["-p", Text(pid)]);
        }

        RunUsage usage = Run(command, stopAfter, stdoutPath: null);
        if (tool.IsAustin && usage.StoppedAtSeconds is { } stoppedAt)
        {
            sampledSeconds = Math.Max(0, stoppedAt - AustinStartLatency.GetValueOrDefault(tool.Python, 0.01));
        }

        ParsedProfile profile = !File.Exists(output) ? ParsedProfile.Empty
            : tool.IsAustin ? AustinParser.Parse(output) : FoldedParser.Parse(output);
        File.Delete(output);
        return new ProfilerRun(tool, usage, profile, sampledSeconds * rateHz, sampledSeconds);
    }

    /// <summary>Pyflame's shortest useful run: attach, one sample (-s 0) or one dump (-d), write, exit.</summary>
    public RunUsage PyflameOnce(ProfilerTool tool, int pid, bool dump)
    {
        List<string> command = [options.PyflamePath, dump ? "-d" : "-s", .. dump ? Array.Empty<string>() : ["0"], "-o", NextPath("once"), ModeOption(tool)];
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
    public (RunUsage FirstLine, RunUsage Idle) AustinOnce(int pid)
    {
        RunUsage first = Run(["stdbuf", "-oL", options.AustinPath, "-i", "100", "-p", Text(pid)], stopAfter: 0.5, NextPath("first"));
        RunUsage idle = Run([options.AustinPath, "-i", "1000000", "-o", NextPath("idle"), "-p", Text(pid)], stopAfter: 0.3, stdoutPath: null);
        return (first, idle);
    }

    private RunUsage Run(IReadOnlyList<string> command, double? stopAfter, string? stdoutPath)
    {
        string report = NextPath("usage");
        ProcessStartInfo info = new(options.RusageRunner) { UseShellExecute = false, RedirectStandardError = true };
        info.ArgumentList.Add(report);
        if (stdoutPath is not null)
        {
            info.ArgumentList.Add("--stdout");
            info.ArgumentList.Add(stdoutPath);
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

    private static string ModeOption(ProfilerTool tool) => tool.NonBlocking ? "--nonblocking" : "--blocking";

    private string NextPath(string kind) => Path.Combine(scratch, $"{kind}-{Interlocked.Increment(ref _runs)}.txt");

    private static string Text(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
