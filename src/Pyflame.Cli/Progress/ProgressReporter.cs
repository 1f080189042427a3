namespace Pyflame.Cli.Progress;

/// <summary>Redraws the <see cref="ProgressLine"/> from the counting sink a few times a second on its own thread, until disposed (which erases it).</summary>
internal sealed class ProgressReporter : IDisposable
{
    public static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(250);

    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private readonly ProgressLine _line;

    public ProgressReporter(ProgressLine line, CountingSink counts, TimeProvider time)
    {
        _line = line;
        long start = time.GetTimestamp();
        _thread = new Thread(() =>
        {
            while (!_stop.Token.WaitHandle.WaitOne(RedrawInterval))
            {
                line.Show(time.GetElapsedTime(start), counts.Samples, counts.Failed);
            }
        })
        {
            Name = "pyflame progress",
            IsBackground = true,
        };
        _thread.Start();
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join();
        _line.Clear();
        _stop.Dispose();
    }
}
