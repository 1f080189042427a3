using Pyflame.Cli.CommandLine;
using Pyflame.Core.Aggregation;
using Pyflame.Core.Model;
using Pyflame.Core.Sampling;
using Pyflame.Core.Targets;
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
        TargetPid = request.Pid ?? 0;
        StackAggregatorOptions options = new(PerThread: request.Threads, ExcludeIdle: request.ExcludeIdle, LineNumbers: request.LineNumbers)
        {
            Pid = request.Pid ?? 0,
            Command = request.TraceCommand is null ? null : string.Join(' ', request.TraceCommand),
            Interval = request.Interval,
        };
        if (request.Timestamps)
        {
            FlameChartWriter writer = new(output.Writer, new FlameChartOptions(PerThread: request.Threads, ExcludeIdle: request.ExcludeIdle, LineNumbers: request.LineNumbers));
            Sink = new FlushingSink(writer, output.Writer, KeptWritten);
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

    /// <summary>
    /// Writes whatever was gathered; called even when sampling ended early, so no sample is lost. When the output
    /// refuses it (a full disk, a pipe whose reader left), the profile is saved to a new file in $TMPDIR instead
    /// and the error names that file. -T streamed its samples as they came: what was written is kept and named.
    /// </summary>
    public void Finish()
    {
        if (_request.Live && _request.OutputPath is null)
        {
            return; // the live view was the output
        }

        try
        {
            Render(_output);
            _output.Commit();
        }
        catch (OutputException e) when (!_request.Timestamps)
        {
            throw new OutputException($"{e.Message}; {SavedCopy.Save(this)}", e);
        }
        catch (OutputException e) when (e.InnerException is not OutputException)
        {
            throw KeptWritten(e);
        }
    }

    /// <summary>-T streamed its samples as they came: what reached the output is all there is, so it is kept and named.</summary>
    private OutputException KeptWritten(OutputException e) =>
        new($"{e.Message}; {_output.KeepWritten(FlameChartRecords.WholeLength)}", e);

    /// <summary>The file name the profile would have in $TMPDIR, by format.</summary>
    internal string FallbackExtension => _request.Dump ? ".txt" : OutputFormats.ExtensionOf(_request.Format);

    /// <summary>Writes the gathered profile to <paramref name="output"/>; -d fails here when it has no stacks to show.</summary>
    internal void Render(OutputTarget output)
    {
        if (_aggregator is not null)
        {
            Profile profile = WithTarget(_aggregator.ToProfile());
            if (_request.Format == OutputFormat.Folded)
            {
                FoldedWriter.Write(profile, output.Writer, new FoldedOptions(LineNumbers: _request.LineNumbers, ExcludeIdle: _request.ExcludeIdle));
            }
            else
            {
                output.Writer.Flush();
                ProfileFileWriter.Write(_request.Format, profile, _recorder?.ToTimeline(), output.Stream, new ProfileWriteOptions(_request.Icicle, $"pyflame@{CliApp.VersionText()}"));
            }
        }

        output.Writer.Flush();
    }

    /// <summary>Fills in the target's PID and, when attaching, its command line (for titles).</summary>
    private Profile WithTarget(Profile profile)
    {
        int pid = TargetPid > 0 ? TargetPid : profile.Metadata.Pid;
        string? command = profile.Metadata.Command ?? (pid > 0 ? ProcFs.ReadCommandLine(pid) : null);
        return profile with { Metadata = profile.Metadata with { Pid = pid, Command = command } };
    }
}
