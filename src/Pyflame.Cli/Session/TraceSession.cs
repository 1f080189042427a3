using System.Diagnostics;
using System.Runtime.InteropServices;
using Pyflame.Cli.CommandLine;
using Pyflame.Cli.Console;
using Pyflame.Cli.Session.Family;
using Pyflame.Core.Memory;
using Pyflame.Core.Python.Discovery;
using Pyflame.Core.Python.Walking;
using Pyflame.Core.Sampling;
using Pyflame.Core.Targets;
using Pyflame.Linux;

namespace Pyflame.Cli.Session;

/// <summary>
/// `pyflame -t COMMAND ...`: run the command, find the Python interpreter in it (it may appear only
/// after a wrapper script execs or spawns it), profile it until it exits, and exit with its status.
/// </summary>
internal static class TraceSession
{
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(2);

    public static int Run(ProfileRequest request, IConsole console, SignalCancellation signals)
    {
        using OutputTarget output = OutputTarget.Open(request.OutputPath, console);
        using LaunchGate gate = new();
        using Process shell = ChildLauncher.Start(request.TraceCommand!, gate, detachFromTerminal: request.Live);
        signals.ForwardTo(signal => ForwardSignal(shell, signal));
        SinkPlan plan = new(request, output);
        (LinuxTargetProcess target, PythonRuntime runtime)? found = FindPython(shell, gate, request, signals.Token, out int? uninitialised, out LaunchHold? held);
        using LaunchHold? hold = held;
        if (found is { } python)
        {
            using LinuxTargetProcess target = python.target;
            plan.TargetPid = target.ProcessId;
            PausePolicy policy = SamplingModeChoice.PolicyFor(request, python.runtime.Version);
            // Quitting the live view ends the command as a kill would (its output is not on the screen to answer a Ctrl-C).
            using RunDisplay display = RunDisplay.Start(request, console, plan.Sink, target.ProcessId, python.runtime, policy, () => ChildLauncher.Forward(shell, 15));
            FailureCauses causes = new(request.Subprocesses ? display.Sink : HostThreadIdSink.Wrap(display.Sink, target));
            ProcessFamily? family = request.Subprocesses ? new(new FamilySettings(request), causes) : null;
            if (family is not null)
            {
                hold?.Dispose(); // each process of a family is sampled on a thread of its own: let it go to be seized there
            }

            SamplingSummary? sampled = family is not null
                ? family.Run(shell.Id, (target, python.runtime), () => !shell.HasExited, signals.Token)
                : TrySample(target, python.runtime, request, policy, causes, hold, signals.Token);
            display.Finish();
            foreach (string note in family?.Notes ?? [])
            {
                console.Error.WriteLine(note);
            }

            // No sample at all: a program that ends within milliseconds of its start can end before the first one.
            if (sampled is { Samples: > 0 } summary)
            {
                SummaryReporter.Report(summary, request, policy, console, target.ProcessId, causes);
            }
            else
            {
                console.Error.WriteLine($"pyflame: Python process {target.ProcessId} exited before it could be sampled; nothing was sampled");
            }
        }
        else
        {
            plan.Sink.OnCompleted();
            console.Error.WriteLine(uninitialised is int pid
                ? $"pyflame: '{request.TraceCommand![0]}' exited before its Python interpreter (PID {pid}) was initialised; nothing was sampled"
                : $"pyflame: '{request.TraceCommand![0]}' exited before a Python interpreter appeared in it; nothing was sampled");
        }

        plan.Finish();
        shell.WaitForExit();
        return shell.ExitCode;
    }

    /// <summary>
    /// Follows the command from its first instruction (<see cref="LaunchHold"/>) and returns the process whose
    /// interpreter is ready, still held at its start until the sampler is about to run. If ptrace is refused, the
    /// command runs unheld and its processes are polled instead, as before (a very short program may then be missed).
    /// </summary>
    /// <param name="hold">With a process found at its start: the hold, which the caller samples through and disposes.</param>
    private static (LinuxTargetProcess, PythonRuntime)? FindPython(
        Process shell, LaunchGate gate, ProfileRequest request, CancellationToken cancellation, out int? uninitialised, out LaunchHold? hold)
    {
        uninitialised = null;
        hold = null;
        PythonProbe probe = new(request.Abi);
        LaunchHold? launch = LaunchHold.Start(shell, gate, probe, cancellation);
        try
        {
            switch (launch.WaitForOutcome())
            {
                case LaunchOutcome.Found:
                    (LinuxTargetProcess target, PythonRuntime runtime) = probe.TakeFound()!.Value;
                    if (launch.Held)
                    {
                        WarmUp(target, runtime, request.Threads); // else it runs on: seize it first, compile during the first sample
                    }

                    (hold, launch) = (launch, null);
                    return (target, runtime);
                case LaunchOutcome.Exited:
                    uninitialised = launch.UninitialisedPid;
                    return null;
            }
        }
        finally
        {
            launch?.Dispose();
        }

        return WaitForPython(shell, probe, cancellation);
    }

    /// <summary>
    /// One throw-away sample of the held process: the walk's code gets compiled now, while the program waits,
    /// instead of after its release, when that time would cost the program's first milliseconds.
    /// </summary>
    private static void WarmUp(LinuxTargetProcess target, PythonRuntime runtime, bool allThreads)
    {
        PageCacheMemoryReader memory = new(target.Memory);
        _ = new NonBlockingSampleTaker(new StackWalker(memory, runtime), target, pageCache: memory).Take(0, allThreads);
    }

    /// <summary>
    /// Samples until the process exits. A process that exits between being found and being seized is
    /// no error of the command's: null then, so pyflame still exits with the command's own status.
    /// </summary>
    private static SamplingSummary? TrySample(
        LinuxTargetProcess target, PythonRuntime runtime, ProfileRequest request, PausePolicy policy, ISampleSink sink, LaunchHold? hold, CancellationToken cancellation)
    {
        SamplerOptions options = new() { Interval = request.Interval, Duration = null, AllThreads = RunDisplay.SamplesAllThreads(request) };
        SourceOptions source = SourceOptions.From(request);
        try
        {
            return hold is null
                ? SamplingThread.Run(target, runtime, policy, source, sink, options, cancellation)
                : hold.Run(follower => SamplingThread.RunHere(target, runtime, policy, TakeOver(follower, target, policy != PausePolicy.Never), source, sink, options, cancellation));
        }
        catch (Exception e) when (e is TargetAccessException or TargetException && target.HasExited)
        {
            sink.OnCompleted();
            return null;
        }
    }

    /// <summary>
    /// On the launch thread: the pauser for the process found, taken over still stopped at its start; or, when it
    /// was found already running or the run does not pause, the process is let go (and seized afresh to pause).
    /// </summary>
    private static PtraceSuspender? TakeOver(LaunchFollower follower, LinuxTargetProcess target, bool pause)
    {
        if (pause && follower.HandOverFound(target.ThreadIds) is { } adopted)
        {
            return adopted;
        }

        follower.DetachOthers();
        follower.Dispose();
        return pause ? PtraceSuspender.Seize(target.ProcessId, target.ThreadIds) : null;
    }

    /// <summary>Polls the command's process tree until one process holds an initialised interpreter.</summary>
    private static (LinuxTargetProcess, PythonRuntime)? WaitForPython(Process shell, PythonProbe probe, CancellationToken cancellation)
    {
        while (!shell.HasExited && !cancellation.IsCancellationRequested)
        {
            foreach (int pid in ProcessTree.Descendants(shell.Id))
            {
                if (probe.TryFind(pid) is { } found)
                {
                    return found;
                }
            }

            Thread.Sleep(s_pollInterval);
        }

        return null;
    }

    /// <summary>
    /// Ctrl-C in a terminal already reaches the whole foreground process group, the command included;
    /// forwarding it again would interrupt the command twice. Other signals (kill, timeout) reach only
    /// pyflame and are passed on.
    /// </summary>
    private static void ForwardSignal(Process shell, PosixSignal signal)
    {
        int number = signal switch
        {
            PosixSignal.SIGINT => 2,
            PosixSignal.SIGTERM => 15,
            PosixSignal.SIGHUP => 1,
            _ => 0,
        };
        if (number == 0 || (signal == PosixSignal.SIGINT && Terminal.IsForegroundProcessGroup()))
        {
            return;
        }

        ChildLauncher.Forward(shell, number);
    }
}
