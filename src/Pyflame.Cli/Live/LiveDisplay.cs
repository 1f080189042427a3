using System.Runtime.ExceptionServices;

namespace Pyflame.Cli.Live;

/// <summary>
/// The live view on its own thread (the calling thread runs the sampler): started once the target is
/// known, finished when sampling ends. Quitting with q calls <c>onQuit</c>, which ends sampling. The
/// terminal is given back when the loop ends, again in <see cref="Finish"/>, and at process exit, so
/// no exit path leaves it on the alternate screen with the cursor hidden.
/// </summary>
internal sealed class LiveDisplay
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ILiveTerminal _terminal;
    private readonly Thread _thread;
    private ExceptionDispatchInfo? _failure;

    private LiveDisplay(LiveRecorder recorder, LiveLoop loop, ILiveTerminal terminal, Action onQuit)
    {
        Recorder = recorder;
        _terminal = terminal;
        _thread = new Thread(() =>
        {
            try
            {
                if (loop.Run(_stop.Token))
                {
                    onQuit();
                }
            }
            catch (Exception e)
            {
                _failure = ExceptionDispatchInfo.Capture(e);
                onQuit();
            }
        })
        {
            Name = "pyflame live view",
            IsBackground = true,
        };
    }

    /// <summary>The sink the sampler feeds.</summary>
    public LiveRecorder Recorder { get; }

    public static LiveDisplay Start(LiveTarget target, ILiveTerminal terminal, TimeProvider time, Action onQuit)
    {
        LiveRecorder recorder = new(target.Pid, target.Command, target.Interval);
        LiveDisplay display = new(recorder, new LiveLoop(new LiveViewModel(recorder, target, time), terminal, time), terminal, onQuit);
        AppDomain.CurrentDomain.ProcessExit += display.OnProcessExit;
        display._thread.Start();
        return display;
    }

    /// <summary>Ends the view (if the user has not), gives the terminal back, and reports a failure of the view itself.</summary>
    public void Finish()
    {
        _stop.Cancel();
        _thread.Join();
        _terminal.Leave();
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        _stop.Dispose();
        _failure?.Throw();
    }

    private void OnProcessExit(object? sender, EventArgs e) => _terminal.Leave();
}
