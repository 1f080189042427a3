using Pyflame.Cli.CommandLine;
using Pyflame.Cli.Console;
using Pyflame.Cli.Live;
using Pyflame.Cli.Progress;
using Pyflame.Core.Python.Discovery;
using Pyflame.Core.Sampling;
using Pyflame.Linux;

namespace Pyflame.Cli.Session;

/// <summary>
/// What the user watches while sampling: the --live view, a progress line on a terminal's stderr while
/// the profile goes to a file or pipe, or nothing. It hands the sampler the sink that feeds it (in front
/// of the output plan's) and, once sampling ends, gives the terminal back before any note is printed.
/// </summary>
internal sealed class RunDisplay : IDisposable
{
    private readonly LiveDisplay? _live;
    private readonly ProgressReporter? _progress;
    private bool _finished;

    private RunDisplay(ISampleSink sink, LiveDisplay? live, ProgressReporter? progress)
    {
        Sink = sink;
        _live = live;
        _progress = progress;
    }

    public ISampleSink Sink { get; }

    /// <param name="planSink">Where the profile output goes.</param>
    /// <param name="quit">Ends sampling (called when the user quits the live view).</param>
    public static RunDisplay Start(
        ProfileRequest request, IConsole console, ISampleSink planSink, int pid, PythonRuntime runtime, PausePolicy policy, Action quit)
    {
        if (request.Live)
        {
            LiveTarget target = new(pid, ProcFs.ReadCommandLine(pid), runtime.Version.ToString(), request.Interval, policy);
            LiveDisplay live = LiveDisplay.Start(target, new AnsiLiveTerminal(System.Console.Out), TimeProvider.System, quit);
            ISampleSink sink = request.OutputPath is null ? live.Recorder
                : new TeeSink(live.Recorder, request.Threads ? planSink : new GilHolderSink(planSink));
            return new RunDisplay(sink, live, null);
        }

        if (!request.Dump && console.IsErrorTerminal && (request.OutputPath is not null || !console.IsOutputTerminal))
        {
            CountingSink counting = new(planSink);
            TimeSpan? total = request.TraceCommand is null ? request.Duration : null;
            return new RunDisplay(counting, null, new ProgressReporter(new ProgressLine(console.Error, total), counting, TimeProvider.System));
        }

        return new RunDisplay(planSink, null, null);
    }

    /// <summary>Samples every thread for the live view (its thread filter and header need them all).</summary>
    public static bool SamplesAllThreads(ProfileRequest request) => request.Threads || request.Live;

    /// <summary>The run's length: --live without -s runs until quit, like trace mode.</summary>
    public static TimeSpan? Duration(ProfileRequest request) =>
        request.Dump ? TimeSpan.Zero : request.Duration == Timeout.InfiniteTimeSpan ? null : request.Duration;

    /// <summary>Gives the terminal back and reports a failure of the live view itself.</summary>
    public void Finish()
    {
        _finished = true;
        _progress?.Dispose();
        _live?.Finish();
    }

    public void Dispose()
    {
        if (!_finished)
        {
            _finished = true;
            _progress?.Dispose();
            try
            {
                _live?.Finish();
            }
            catch (Exception)
            {
                // Already failing: the first error is the one to report.
            }
        }
    }
}
