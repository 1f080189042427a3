using Pyflame.Cli.CommandLine;
using Pyflame.Core.Aggregation;
using Pyflame.Core.Model;
using Pyflame.Core.Sampling;
using Pyflame.Output.Dump;
using Pyflame.Output.FlameChart;
using Pyflame.Output.Folded;

namespace Pyflame.Cli.Session;

/// <summary>
/// Chooses how samples become output for a request: aggregated folded stacks (default), a streamed
/// flame chart (-T), or a one-shot dump (-d). Sampling itself never knows which.
/// </summary>
internal sealed class SinkPlan
{
    private readonly ProfileRequest _request;
    private readonly OutputTarget _output;
    private readonly StackAggregator? _aggregator;
    private Sample? _dumpSample;

    public SinkPlan(ProfileRequest request, OutputTarget output)
    {
        _request = request;
        _output = output;
        StackAggregatorOptions options = new(PerThread: request.Threads, ExcludeIdle: request.ExcludeIdle, LineNumbers: request.LineNumbers);
        if (request.Dump)
        {
            Sink = new CallbackSink(sample => _dumpSample ??= sample);
        }
        else if (request.Timestamps)
        {
            Sink = new FlameChartWriter(output.Writer, new FlameChartOptions(PerThread: request.Threads, ExcludeIdle: request.ExcludeIdle, LineNumbers: request.LineNumbers));
        }
        else
        {
            _aggregator = new StackAggregator(options);
            Sink = _aggregator;
        }
    }

    public ISampleSink Sink { get; }

    /// <summary>Writes whatever was gathered; called even when sampling ended early, so no sample is lost.</summary>
    public void Finish()
    {
        if (_aggregator is not null)
        {
            FoldedWriter.Write(_aggregator.ToProfile(), _output.Writer, new FoldedOptions(LineNumbers: _request.LineNumbers, ExcludeIdle: _request.ExcludeIdle));
        }
        else if (_dumpSample is not null)
        {
            DumpWriter.Write(_dumpSample, _output.Writer);
        }

        _output.Writer.Flush();
    }
}
