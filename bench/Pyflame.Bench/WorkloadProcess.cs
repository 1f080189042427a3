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
        List<string> arguments = [mode];
        if (windowSeconds > 0)
        {
            arguments.AddRange(["--windows", windowSeconds.ToString(CultureInfo.InvariantCulture)]);
        }

        return StartScript(options, python, options.WorkloadScript, arguments, TimeSpan.FromSeconds(30));
    }

    /// <summary>Any script that prints READY when warm (bench/workloads/workload.py, tests/targets/real_code.py).</summary>
    public static WorkloadProcess StartScript(BenchOptions options, string python, string script, IEnumerable<string> arguments, TimeSpan readyTimeout)
    {
        ProcessStartInfo info = StartInfo(options, python, script);
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        Process process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + python);
        WorkloadProcess workload = new(process);
        _ = Task.Run(workload.ReadOutput);
        if (!workload._ready.Task.Wait(readyTimeout))
        {
            workload.Dispose();
            throw new InvalidOperationException($"'{script} {string.Join(' ', arguments)}' on {python} never printed READY");
        }

        Thread.Sleep(200); // let it settle into its steady state
        return workload;
    }

    /// <summary>
    /// <c>python -u SCRIPT</c>; for a "sid:/usr/bin/python3.15" interpreter, the script is copied into the sid root and run
    /// chroot'ed in a mount namespace of its own with /proc mounted (unshare and sh exec, so the PID is Python's):
    /// profiling.sampling finds the interpreter only when it joins that namespace (ProfilerRunner), and Pyflame reads
    /// the target through /proc/PID/root.
    /// </summary>
    public static ProcessStartInfo StartInfo(BenchOptions options, string python, string script)
    {
        ProcessStartInfo info;
        if (python.StartsWith(SidPrefix, StringComparison.Ordinal))
        {
            string inside = $"{BenchOptions.SidScratch}/{Path.GetFileName(script)}";
            Directory.CreateDirectory(options.SidRoot + BenchOptions.SidScratch);
            File.Copy(script, options.SidRoot + inside, overwrite: true);
            info = new ProcessStartInfo("unshare") { RedirectStandardOutput = true, UseShellExecute = false };
            info.ArgumentList.Add("-m");
            info.ArgumentList.Add("sh");
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add("mount -t proc proc \"$0/proc\" && exec chroot \"$0\" \"$@\"");
            info.ArgumentList.Add(options.SidRoot);
            info.ArgumentList.Add(python[SidPrefix.Length..]);
            info.ArgumentList.Add("-u");
            info.ArgumentList.Add(inside);
            return info;
        }

        info = new ProcessStartInfo(python) { RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add("-u");
        info.ArgumentList.Add(script);
        return info;
    }

    /// <summary>Marks an interpreter inside the Debian sid root: "sid:/usr/bin/python3.15".</summary>
    public const string SidPrefix = "sid:";

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
