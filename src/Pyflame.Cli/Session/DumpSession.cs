using System.Runtime.ExceptionServices;
using Pyflame.Cli.CommandLine;
using Pyflame.Cli.Console;
using Pyflame.Core.Dumping;
using Pyflame.Core.Model;
using Pyflame.Core.Python.Discovery;
using Pyflame.Core.Python.Threads;
using Pyflame.Core.Sampling;
using Pyflame.Linux;
using Pyflame.Output.Dump;

namespace Pyflame.Cli.Session;

/// <summary>
/// `pyflame -d -p PID`: one snapshot of every thread (and with --locals their variables), as text or --json.
/// The target is stopped once, on a dedicated thread (ptrace answers only the thread that seized the target),
/// unless --nonblocking asks to read it running.
/// </summary>
internal static class DumpSession
{
    public static int Run(ProfileRequest request, LinuxTargetProcess target, PythonRuntime runtime, OutputTarget output, IConsole console)
    {
        (ProcessDump dump, ReadFailure? failure) = Take(request, target, runtime);
        if (failure is not null)
        {
            console.Error.WriteLine(FailureLine(target.ProcessId, failure));
            return ExitCodes.TargetError;
        }

        Write(request, dump, output);
        output.Writer.Flush();
        output.Commit();
        return ExitCodes.Success;
    }

    /// <summary>One snapshot of the process, and why it is unusable when nothing in it could be read.</summary>
    internal static (ProcessDump Dump, ReadFailure? Failure) Take(ProfileRequest request, LinuxTargetProcess target, PythonRuntime runtime)
    {
        bool pause = SamplingModeChoice.PolicyFor(request, runtime.Version) != PausePolicy.Never;
        ProcessDump dump = OnOwnThread(() =>
        {
            using PtraceSuspender? pauser = pause ? PtraceSuspender.Seize(target.ProcessId, target.ThreadIds) : null;
            ThreadNameCache names = new(new ThreadNameReader(target.Memory, runtime), TimeProvider.System);
            return new DumpTaker(target.ProcessId, target.Memory, runtime, pauser, target, names, new DumpOptions(request.Locals, request.MarkGc)).Take();
        });
        dump = ToHostThreadIds(dump, target);
        // Nothing readable is a failure (stderr, exit 1), not a snapshot of error lines on stdout.
        ReadFailure? failure = dump.FailureReason
            ?? (dump.Threads.Count > 0 && dump.Threads.All(t => t.Error is not null) ? dump.Threads[0].Error : null);
        return (dump, failure);
    }

    internal static string FailureLine(int pid, ReadFailure failure) =>
        $"pyflame: could not read the stacks of process {pid}: {FailureCauses.Explain(failure)}";

    /// <summary>The dump as text or --json (flushed to the stream, not committed).</summary>
    internal static void Write(ProfileRequest request, ProcessDump dump, OutputTarget output)
    {
        if (request.Json)
        {
            output.Writer.Flush();
            DumpJsonWriter.Write(dump, output.Stream);
        }
        else
        {
            DumpWriter.Write(dump, output.Writer);
        }
    }

    /// <summary>A containerised target's thread ids as the host sees them (ps, top, /proc there).</summary>
    private static ProcessDump ToHostThreadIds(ProcessDump dump, LinuxTargetProcess target) =>
        !target.ThreadIds.IsSeparateNamespace
            ? dump
            : dump with { Threads = [.. dump.Threads.Select(t => t with { NativeThreadId = target.ThreadIds.ToHost(t.NativeThreadId) })] };

    private static T OnOwnThread<T>(Func<T> work)
    {
        T? result = default;
        ExceptionDispatchInfo? failure = null;
        Thread thread = new(() =>
        {
            try
            {
                result = work();
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        })
        {
            Name = "pyflame dump",
            IsBackground = true,
        };
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result!;
    }
}
