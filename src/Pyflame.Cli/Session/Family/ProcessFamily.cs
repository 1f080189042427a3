using System.Diagnostics;
using Pyflame.Core.Python.Discovery;
using Pyflame.Core.Sampling;
using Pyflame.Linux;

namespace Pyflame.Cli.Session.Family;

/// <summary>
/// <c>--subprocesses</c>: samples a process and its descendants, each Python process with a sampler of its own
/// (<see cref="ProcessSampler"/>). The tree is scanned every <see cref="ScanInterval"/> (/proc/PID/task/*/children):
/// a new process is checked with a <see cref="PythonProbe"/> of its own, which keeps asking until its interpreter is
/// ready (a just exec'd Python) and writes off what is not Python (sh, cat, gcc) until it execs or maps more. A process
/// that exits drops out quietly; one that execs is probed again as the program it became.
/// </summary>
internal sealed class ProcessFamily(FamilySettings settings, ISampleSink sink)
{
    public static readonly TimeSpan ScanInterval = TimeSpan.FromMilliseconds(50);

    private readonly CancellationTokenSource _deadline = new();
    private readonly Dictionary<int, ProcessSampler> _active = [];
    private readonly Dictionary<int, PythonProbe> _probes = [];
    private readonly HashSet<int> _failed = [];
    private readonly List<ProcessSampler> _done = [];
    private readonly List<string> _behind = [];
    private readonly List<string> _notes = [];
    private ISampleSink? _sink;

    /// <summary>Python processes sampled so far (each counted once per program it ran).</summary>
    public int ProcessCount => _done.Count + _active.Count;

    /// <summary>
    /// Samples until <paramref name="cancellation"/> fires, the duration ends, or the family is gone:
    /// <paramref name="running"/> says whether the family still lives (trace mode: the command; attach: the root or a
    /// sampled process). <paramref name="first"/> is a process already found; the caller keeps it and disposes it.
    /// </summary>
    public SamplingSummary Run(int root, (LinuxTargetProcess Target, PythonRuntime Runtime)? first, Func<bool> running, CancellationToken cancellation)
    {
        using CancellationTokenSource stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation, _deadline.Token);
        // As with one process (Sampler), the duration counts from the first sample: starting a sampler (seizing the
        // process, compiling the walk on first use) can take a while on a loaded machine and must not eat the run.
        _sink = new SerialSink(sink, () => _deadline.CancelAfter(settings.Duration ?? Timeout.InfiniteTimeSpan));

        Stopwatch clock = Stopwatch.StartNew();
        if (first is { } python)
        {
            Start(python.Target, ownsTarget: false, python.Runtime, stop.Token);
        }

        try
        {
            while (!stop.IsCancellationRequested)
            {
                Reap();
                if (!running())
                {
                    break;
                }

                Scan(root, stop.Token);
                _ = stop.Token.WaitHandle.WaitOne(ScanInterval);
            }
        }
        finally
        {
            stop.Cancel();
            foreach (ProcessSampler sampler in _active.Values)
            {
                sampler.Join();
            }

            Reap();
            foreach ((int pid, PythonProbe probe) in _probes)
            {
                probe.Forget(pid);
            }
        }

        _sink.OnCompleted();
        bool deadlineReached = _deadline.IsCancellationRequested;
        _deadline.Dispose();
        if (_behind.Count > 0)
        {
            _notes.Add($"pyflame: {_behind[0]}{(_behind.Count > 1 ? $" (and {_behind.Count - 1} more of the {ProcessCount} processes fell behind)" : "")}");
        }

        SamplingEnd end = cancellation.IsCancellationRequested ? SamplingEnd.Cancelled
            : deadlineReached ? SamplingEnd.DurationElapsed
            : SamplingEnd.TargetExited;
        return Total(end, clock.Elapsed);
    }

    /// <summary>Lines for stderr once the run is over (the live view may own the terminal until then).</summary>
    public IReadOnlyList<string> Notes => _notes;

    /// <summary>True while some process is being sampled.</summary>
    public bool AnySampling => _active.Count > 0;

    private void Scan(int root, CancellationToken cancellation)
    {
        foreach (int pid in (IEnumerable<int>)[root, .. ProcessTree.Descendants(root)])
        {
            if (_active.ContainsKey(pid) || _failed.Contains(pid) || cancellation.IsCancellationRequested)
            {
                continue;
            }

            if (!_probes.TryGetValue(pid, out PythonProbe? probe))
            {
                _probes[pid] = probe = new PythonProbe(settings.Request.Abi);
            }

            if (probe.TryFind(pid) is { } found)
            {
                _ = _probes.Remove(pid); // probed afresh should it exec another program later
                Start(found.Item1, ownsTarget: true, found.Item2, cancellation);
            }
        }

        // Processes that left the tree (exited) take their probe's open files with them.
        foreach (int gone in _probes.Keys.Where(pid => !ProcFs.Exists(pid)).ToList())
        {
            _probes[gone].Forget(gone);
            _ = _probes.Remove(gone);
        }
    }

    private void Start(LinuxTargetProcess target, bool ownsTarget, PythonRuntime runtime, CancellationToken cancellation) =>
        _active[target.ProcessId] = ProcessSampler.Start(target, ownsTarget, runtime, settings, _sink!, cancellation);

    private void Reap()
    {
        foreach (ProcessSampler sampler in _active.Values.Where(s => s.IsFinished).ToList())
        {
            sampler.Join();
            _ = _active.Remove(sampler.Pid);
            _done.Add(sampler);
            if (sampler.Summary is { } summary && SummaryReporter.RateNote(summary, settings.Request.Interval, sampler.Policy) is { } note)
            {
                _behind.Add($"process {sampler.Pid} {note}");
            }

            if (sampler.Failure is { } failure)
            {
                _ = _failed.Add(sampler.Pid);
                _notes.Add($"pyflame: could not sample process {sampler.Pid}: {failure}; its stacks are left out");
            }
        }
    }

    private SamplingSummary Total(SamplingEnd end, TimeSpan elapsed)
    {
        int samples = 0, late = 0, failed = 0, failedStacks = 0;
        foreach (SamplingSummary summary in _done.Select(s => s.Summary).OfType<SamplingSummary>())
        {
            samples += summary.Samples;
            late += summary.Late;
            failed += summary.Failed;
            failedStacks += summary.FailedThreadStacks;
        }

        return new SamplingSummary(samples, late, failed, end, elapsed, failedStacks);
    }
}
