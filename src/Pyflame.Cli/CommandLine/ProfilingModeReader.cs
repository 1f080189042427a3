using System.CommandLine;

namespace Pyflame.Cli.CommandLine;

/// <summary>Reads --mode and its alias --threads (= wall), rejecting combinations that contradict each other.</summary>
internal static class ProfilingModeReader
{
    public static ProfilingMode Read(ParseResult parsed, bool dump)
    {
        string? text = parsed.GetValue(PyflameOptions.Mode);
        bool threads = parsed.GetValue(PyflameOptions.Threads);
        if (text is null)
        {
            return threads ? ProfilingMode.Wall : ProfilingMode.Gil;
        }

        ProfilingMode mode = text.ToLowerInvariant() switch
        {
            "gil" => ProfilingMode.Gil,
            "wall" => ProfilingMode.Wall,
            "cpu" => ProfilingMode.Cpu,
            _ => throw new UsageException($"unknown --mode '{text}'; choose gil (the GIL holder), wall (every thread) or cpu (every thread while on a CPU)"),
        };
        if (dump)
        {
            throw new UsageException("--mode does not apply to -d/--dump, which shows every thread and its state once");
        }

        if (threads && mode != ProfilingMode.Wall)
        {
            throw new UsageException($"--threads is --mode wall and cannot be combined with --mode {text}");
        }

        return mode;
    }
}
