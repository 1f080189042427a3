using Pyflame.Cli.CommandLine;
using Pyflame.Cli.Console;
using Pyflame.Core.Memory;
using Pyflame.Core.Python.Discovery;
using Pyflame.Core.Sampling;
using Pyflame.Core.Targets;
using Pyflame.Linux;

namespace Pyflame.Cli.Session;

/// <summary>`pyflame -p PID`: attach, sample for the requested time (or until a signal), write, detach.</summary>
internal static class AttachSession
{
    public static int Run(ProfileRequest request, IConsole console, SignalCancellation signals)
    {
        int pid = request.Pid!.Value;
        using LinuxTargetProcess target = LinuxTargetProcess.Open(pid);
        PythonRuntime runtime = InterpreterLocator.Locate(target, request.Abi);
        EnsureReadable(target, runtime);
        if (signals.Token.IsCancellationRequested)
        {
            return StoppedBeforeSampling(console, pid);
        }

        using OutputTarget output = OutputTarget.Open(request.OutputPath, console);
        if (request.Dump)
        {
            return DumpSession.Run(request, target, runtime, output, console);
        }

        SinkPlan plan = new(request, output);
        SamplerOptions options = new()
        {
            Interval = request.Interval,
            Duration = request.Dump ? TimeSpan.Zero : request.Duration,
            AllThreads = request.Threads,
        };
        bool pause = SamplingModeChoice.PausesThreads(request, runtime.Version);
        SamplingSummary summary = SamplingThread.Run(target, runtime, pause, SourceOptions.From(request), HostThreadIdSink.Wrap(plan.Sink, target), options, signals.Token);
        plan.Finish();
        if (summary.Samples == 0 && summary.End == SamplingEnd.Cancelled)
        {
            return StoppedBeforeSampling(console, pid);
        }

        SummaryReporter.Report(summary, request, pause, console, pid);
        return ExitCodes.Success;
    }

    /// <summary>Nothing was sampled and the target was never paused: say so rather than write an empty profile.</summary>
    private static int StoppedBeforeSampling(IConsole console, int pid)
    {
        console.Error.WriteLine($"pyflame: stopped by a signal before sampling PID {pid} began; nothing was sampled");
        return ExitCodes.TargetError;
    }

    /// <summary>Fails early, with the reason, when the process's memory cannot be read or Python is not running in it.</summary>
    private static void EnsureReadable(LinuxTargetProcess target, PythonRuntime runtime)
    {
        if (!target.Memory.TryReadPointer(runtime.InterpreterHeadPointer, out ulong head))
        {
            throw new TargetException(
                target.HasExited ? $"process {target.ProcessId} exited before it could be profiled"
                : target.HasReplacedProgram ? $"process {target.ProcessId} replaced its program (exec) while pyflame attached; run pyflame again"
                : target.ExplainNoAccess());
        }

        if (head == 0)
        {
            throw new TargetException($"the Python interpreter in PID {target.ProcessId} is not initialised yet (or is shutting down); try again, or use -t to trace from the start");
        }
    }
}
