using Pyflame.Cli.CommandLine;
using Pyflame.Cli.Console;
using Pyflame.Cli.Session.Family;
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
        ProcessCondition? condition = ProcessCondition.TryRead(pid);
        int readPid = TargetNotes.Admit(pid, condition, console);
        string? executable = LinuxTargetProcess.ExecutablePath(pid);
        using LinuxTargetProcess target = request.Subprocesses
            ? OpenRootOrDescendant(readPid, executable, request, out PythonRuntime runtime)
            : Open(readPid, executable, request, out runtime);
        if (signals.Token.IsCancellationRequested)
        {
            return StoppedBeforeSampling(console, pid);
        }

        using OutputTarget output = OutputTarget.Open(request.OutputPath, console);
        if (request.Dump)
        {
            return request.Subprocesses ? FamilyDump.Run(request, pid, target, runtime, output, console) : DumpSession.Run(request, target, runtime, output, console);
        }

        SinkPlan plan = new(request, output);
        SamplerOptions options = new()
        {
            Interval = request.Interval,
            Duration = RunDisplay.Duration(request),
            AllThreads = RunDisplay.SamplesAllThreads(request),
        };
        PausePolicy policy = SamplingModeChoice.PolicyFor(request, runtime.Version);
        using RunDisplay display = RunDisplay.Start(request, console, plan.Sink, pid, runtime, policy, signals.Cancel);
        if (request.Subprocesses)
        {
            return WithDescendants(request, console, signals, pid, target, runtime, policy, plan, display);
        }

        FailureCauses causes = new(HostThreadIdSink.Wrap(display.Sink, target));
        StoppedWatch watch = new(causes, readPid);
        SamplingSummary summary = SamplingThread.Run(target, runtime, policy, SourceOptions.From(request), watch, options, signals.Token);
        display.Finish();
        plan.Finish();
        if (summary.Samples == 0 && summary.End == SamplingEnd.Cancelled)
        {
            return StoppedBeforeSampling(console, pid);
        }

        SummaryReporter.Report(summary, request, policy, console, pid, causes);
        watch.Report(console, pid, condition?.IsStopped == true);
        return ExitCodes.Success;
    }

    /// <summary>
    /// --subprocesses: the process <paramref name="pid"/> and its descendants, until the duration ends or every one of
    /// them has exited. <paramref name="target"/> is the first Python among them: the process itself, or when that runs
    /// no Python (a shell, a supervisor), its nearest Python descendant.
    /// </summary>
    private static int WithDescendants(
        ProfileRequest request, IConsole console, SignalCancellation signals, int pid, LinuxTargetProcess target, PythonRuntime runtime, PausePolicy policy, SinkPlan plan, RunDisplay display)
    {
        FailureCauses causes = new(display.Sink);
        ProcessFamily family = new(new FamilySettings(request), causes);
        SamplingSummary summary = family.Run(pid, (target, runtime), () => family.AnySampling || ProcFs.Exists(pid), signals.Token);
        display.Finish();
        foreach (string note in family.Notes)
        {
            console.Error.WriteLine(note);
        }

        plan.Finish();
        if (summary.Samples == 0 && summary.End == SamplingEnd.Cancelled)
        {
            return StoppedBeforeSampling(console, pid);
        }

        SummaryReporter.Report(summary, request, policy, console, pid, causes);
        return ExitCodes.Success;
    }

    /// <summary>Nothing was sampled and the target was never paused: say so rather than write an empty profile.</summary>
    private static int StoppedBeforeSampling(IConsole console, int pid)
    {
        console.Error.WriteLine($"pyflame: stopped by a signal before sampling PID {pid} began; nothing was sampled");
        return ExitCodes.TargetError;
    }

    /// <summary>Opens the target and finds its interpreter; a process that exec'd meanwhile is named as such, not as a permission problem.</summary>
    private static LinuxTargetProcess Open(int readPid, string? executable, ProfileRequest request, out PythonRuntime runtime)
    {
        LinuxTargetProcess? target = null;
        try
        {
            target = LinuxTargetProcess.Open(readPid);
            runtime = InterpreterLocator.Locate(target, request.Abi);
            EnsureReadable(target, runtime);
            return target;
        }
        catch (TargetException) when (LinuxTargetProcess.ExecutablePath(readPid) is { } now && executable is not null && now != executable)
        {
            target?.Dispose();
            throw new TargetException(TargetNotes.Changed(request.Pid!.Value, now));
        }
        catch
        {
            target?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// --subprocesses: the process, or when it runs no Python (a shell script, a supervisor, a test runner's wrapper),
    /// its nearest descendant that does; the family is still the process's.
    /// </summary>
    private static LinuxTargetProcess OpenRootOrDescendant(int readPid, string? executable, ProfileRequest request, out PythonRuntime runtime)
    {
        try
        {
            return Open(readPid, executable, request, out runtime);
        }
        catch (TargetException e) when (e.IsNotPython)
        {
            PythonProbe probe = new(request.Abi);
            foreach (int descendant in ProcessTree.Descendants(request.Pid!.Value))
            {
                if (probe.TryFind(descendant) is { } found)
                {
                    runtime = found.Item2;
                    return found.Item1;
                }

                probe.Forget(descendant);
            }

            throw new TargetException(
                $"neither PID {request.Pid} nor any of its descendants runs Python (no libpython or CPython runtime symbols in their memory maps); check the PID, or use -t to follow a command from its start")
            { IsNotPython = true };
        }
    }

    /// <summary>Fails early, with the reason, when the process's memory cannot be read or Python is not running in it.</summary>
    private static void EnsureReadable(LinuxTargetProcess target, PythonRuntime runtime)
    {
        if (!target.Memory.TryReadPointer(runtime.InterpreterHeadPointer, out ulong head))
        {
            throw new TargetException(
                target.HasExited ? $"process {target.ProcessId} exited before it could be profiled"
                : target.HasReplacedProgram ? TargetNotes.Changed(target.ProcessId, LinuxTargetProcess.ExecutablePath(target.ProcessId))
                : target.ExplainNoAccess());
        }

        if (head == 0)
        {
            throw new TargetException($"the Python interpreter in PID {target.ProcessId} is not initialised yet (or is shutting down); try again, or use -t to trace from the start");
        }
    }
}
