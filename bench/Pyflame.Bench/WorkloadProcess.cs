using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Pyflame.Bench;

/// <summary>A running bench/workloads/workload.py: started, waited for (READY), killed on dispose.</summary>
public sealed class WorkloadProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<ThroughputWindow> _windows = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WorkloadProcess(Process process)
    {
        _process = process;
    }

    public int Pid => _process.Id;

    /// <summary>The workload's own timing of hot_a's share (tree mode), NaN otherwise.</summary>
    public double ReferenceSplit { get; private set; } = double.NaN;

    public static WorkloadProcess Start(BenchOptions options, string python, string mode, double windowSeconds = 0)
    {
        ProcessStartInfo info = new(python) { RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add("-u");
        info.ArgumentList.Add(options.WorkloadScript);
        info.ArgumentList.Add(mode);
        if (windowSeconds > 0)
        {
            info.ArgumentList.Add("--windows");
            info.ArgumentList.Add(windowSeconds.ToString(CultureInfo.InvariantCulture));
        }

        Process process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + python);
        WorkloadProcess workload = new(process);
        _ = Task.Run(workload.ReadOutput);
        if (!workload._ready.Task.Wait(TimeSpan.FromSeconds(30)))
        {
            workload.Dispose();
            throw new InvalidOperationException($"workload '{mode}' on {python} never printed READY");
        }

        Thread.Sleep(200); // let it settle into its steady state
        return workload;
    }

    public IReadOnlyList<ThroughputWindow> Windows => [.. _windows];

    public void Dispose()
    {
        try
        {
            _process.Kill();
            _process.WaitForExit();
        }
        catch (InvalidOperationException)
        {
            // already gone
        }

        _process.Dispose();
    }

    private void ReadOutput()
    {
        while (_process.StandardOutput.ReadLine() is { } line)
        {
            string[] parts = line.Split(' ');
            if (parts[0] == "READY")
            {
                _ready.TrySetResult();
            }
            else if (parts[0] == "SPLIT")
            {
                ReferenceSplit = double.Parse(parts[1], CultureInfo.InvariantCulture);
            }
            else if (parts[0] == "W" && parts.Length == 4)
            {
                _windows.Enqueue(new ThroughputWindow(
                    double.Parse(parts[1], CultureInfo.InvariantCulture),
                    double.Parse(parts[2], CultureInfo.InvariantCulture),
                    long.Parse(parts[3], CultureInfo.InvariantCulture)));
            }
        }
    }
}
