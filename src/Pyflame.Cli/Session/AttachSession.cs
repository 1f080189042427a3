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
    public static int Run(ProfileRequest request, IConsole console)
    {
        int pid = request.Pid!.Value;
        using LinuxTargetProcess target = LinuxTargetProcess.Open(pid);
        PythonRuntime runtime = InterpreterLocator.Locate(target, request.Abi);
        EnsureReadable(target, runtime);
        using OutputTarget output = OutputTarget.Open(request.OutputPath, console);
        using SignalCancellation signals = new();
        SinkPlan plan = new(request, output);
        SamplerOptions options = new()
        {
            Interval = request.Interval,
            Duration = RunDisplay.Duration(request),
            AllThreads = RunDisplay.SamplesAllThreads(request),
        };
        bool pause = SamplingModeChoice.PausesThreads(request, runtime.Version);
        using RunDisplay display = RunDisplay.Start(request, console, plan.Sink, pid, runtime, pause, signals.Cancel);
        SamplingSummary summary = SamplingThread.Run(target, runtime, pause, HostThreadIdSink.Wrap(display.Sink, target), options, signals.Token);
        display.Finish();
        plan.Finish();
        SummaryReporter.Report(summary, request, pause, console, pid);
        return ExitCodes.Success;
    }

    /// <summary>Fails early, with the reason, when the process's memory cannot be read or Python is not running in it.</summary>
    private static void EnsureReadable(LinuxTargetProcess target, PythonRuntime runtime)
    {
        if (!target.Memory.TryReadPointer(runtime.InterpreterHeadPointer, out ulong head))
        {
            throw new TargetException(target.HasExited
                ? $"process {target.ProcessId} exited before it could be profiled"
                : target.ExplainNoAccess());
        }

        if (head == 0)
        {
            throw new TargetException($"the Python interpreter in PID {target.ProcessId} is not initialised yet (or is shutting down); try again, or use -t to trace from the start");
        }
    }
}
