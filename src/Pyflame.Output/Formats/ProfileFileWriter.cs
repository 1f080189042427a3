using Pyflame.Core.Aggregation;
using Pyflame.Output.ChromeTrace;
using Pyflame.Output.FlameChart;
using Pyflame.Output.FlameGraph;
using Pyflame.Output.Folded;
using Pyflame.Output.Pprof;
using Pyflame.Output.Speedscope;

namespace Pyflame.Output.Formats;

/// <summary>Writes a finished profile in any <see cref="OutputFormat"/>: one entry point for the CLI.</summary>
public static class ProfileFileWriter
{
    /// <param name="profile">The aggregated samples (every format uses its totals and metadata).</param>
    /// <param name="timeline">The time-ordered samples; required when <see cref="OutputFormats.NeedsTimeline"/> is true.</param>
    /// <param name="output">Receives the file; left open.</param>
    public static void Write(OutputFormat format, Profile profile, SampleTimeline? timeline, Stream output, ProfileWriteOptions options)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(options);
        if (OutputFormats.NeedsTimeline(format) && timeline is null)
        {
            throw new ArgumentException($"the {OutputFormats.NameOf(format)} format needs the time-ordered samples", nameof(timeline));
        }

        switch (format)
        {
            case OutputFormat.Folded:
                FoldedWriter.Write(profile, output, new FoldedOptions());
                break;
            case OutputFormat.Svg:
                FlameGraphSvgWriter.Write(profile, output, options);
                break;
            case OutputFormat.Html:
                HtmlReportWriter.Write(profile, output, options);
                break;
            case OutputFormat.Speedscope:
                SpeedscopeWriter.Write(profile, timeline!, output, options);
                break;
            case OutputFormat.CpuProfile:
                CpuProfileWriter.Write(profile, timeline!, output);
                break;
            case OutputFormat.ChromeTrace:
                ChromeTraceWriter.Write(profile, timeline!, output, options);
                break;
            case OutputFormat.Pprof:
                PprofWriter.Write(profile, output, options);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "unknown output format");
        }

        output.Flush();
    }
}
