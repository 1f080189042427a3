using Pyflame.Cli.CommandLine;
using Pyflame.Core.Aggregation;
using Pyflame.Core.Model;
using Pyflame.Core.Sampling;
using Pyflame.Linux;
using Pyflame.Output.FlameChart;
using Pyflame.Output.Folded;
using Pyflame.Output.Formats;

namespace Pyflame.Cli.Session;

/// <summary>
/// Chooses how samples become output for a request: aggregated stacks written in the requested
/// --format (folded by default; the time-ordered formats also record every sample), a streamed flame
/// chart (-T). Sampling itself never knows which. (A dump, -d, is not sampled: see DumpSession.)
/// </summary>
internal sealed class SinkPlan
{
    private readonly ProfileRequest _request;
    private readonly OutputTarget _output;
    private readonly StackAggregator? _aggregator;
    private readonly SampleRecorder? _recorder;

    public SinkPlan(ProfileRequest request, OutputTarget output)
    {
        _request = request;
        _output = output;
        StackAggregatorOptions options = new(PerThread: request.Threads, ExcludeIdle: request.ExcludeIdle, LineNumbers: request.LineNumbers)
        {
            Pid = request.Pid ?? 0,
            Command = request.TraceCommand is null ? null : string.Join(' ', request.TraceCommand),
            Interval = request.Interval,
        };
        if (request.Timestamps)
        {
            Sink = new FlameChartWriter(output.Writer, new FlameChartOptions(PerThread: request.Threads, ExcludeIdle: request.ExcludeIdle, LineNumbers: request.LineNumbers));
        }
        else
        {
            _aggregator = new StackAggregator(options);
            _recorder = OutputFormats.NeedsTimeline(request.Format) ? new SampleRecorder(options) : null;
            Sink = _recorder is null ? _aggregator : new TeeSink(_aggregator, _recorder);
        }
    }

    public ISampleSink Sink { get; }

    /// <summary>The profiled process, once known (trace mode finds it after the command starts).</summary>
    public int TargetPid { get; set; }

    /// <summary>Writes whatever was gathered; called even when sampling ended early, so no sample is lost.</summary>
    public void Finish()
    {
        if (_aggregator is not null)
        {
            Profile profile = WithTarget(_aggregator.ToProfile());
            if (_request.Format == OutputFormat.Folded)
            {
                FoldedWriter.Write(profile, _output.Writer, new FoldedOptions(LineNumbers: _request.LineNumbers, ExcludeIdle: _request.ExcludeIdle));
            }
            else
            {
                _output.Writer.Flush();
                ProfileFileWriter.Write(_request.Format, profile, _recorder?.ToTimeline(), _output.Stream, new ProfileWriteOptions(_request.Icicle, $"pyflame@{CliApp.VersionText()}"));
            }
        }
        _output.Writer.Flush();
    }

    /// <summary>Fills in the target's PID and, when attaching, its command line (for titles).</summary>
    private Profile WithTarget(Profile profile)
    {
        int pid = TargetPid > 0 ? TargetPid : profile.Metadata.Pid;
        string? command = profile.Metadata.Command ?? (pid > 0 ? ProcFs.ReadCommandLine(pid) : null);
        return profile with { Metadata = profile.Metadata with { Pid = pid, Command = command } };
    }
}
