using Pyflame.Cli.CommandLine;
using Pyflame.Cli.Console;
using Pyflame.Core.Dumping;
using Pyflame.Core.Model;
using Pyflame.Core.Python.Discovery;
using Pyflame.Core.Targets;
using Pyflame.Linux;

namespace Pyflame.Cli.Session.Family;

/// <summary>
/// <c>-d --subprocesses</c>: a dump of the target, then of each Python descendant (nearest first), each stopped and
/// read on its own. Text dumps follow one another, each opening with its "Process PID" line; --json writes an array
/// of the per-process objects. A descendant that is not Python, or not initialised yet, is left out quietly; one
/// that cannot be read gets a note on stderr, and only the target's own failure fails the run.
/// </summary>
internal static class FamilyDump
{
    public static int Run(ProfileRequest request, LinuxTargetProcess target, PythonRuntime runtime, OutputTarget output, IConsole console)
    {
        (ProcessDump rootDump, ReadFailure? rootFailure) = DumpSession.Take(request, target, runtime);
        if (rootFailure is not null)
        {
            console.Error.WriteLine(DumpSession.FailureLine(target.ProcessId, rootFailure));
            return ExitCodes.TargetError;
        }

        List<ProcessDump> dumps = [rootDump];
        foreach (int pid in ProcessTree.Descendants(target.ProcessId))
        {
            if (TryDump(request, pid, console) is { } dump)
            {
                dumps.Add(dump);
            }
        }

        Write(request, dumps, output);
        output.Writer.Flush();
        output.Commit();
        return ExitCodes.Success;
    }

    private static ProcessDump? TryDump(ProfileRequest request, int pid, IConsole console)
    {
        PythonProbe probe = new(request.Abi);
        if (probe.TryFind(pid) is not { } found)
        {
            probe.Forget(pid);
            return null;
        }

        using LinuxTargetProcess descendant = found.Item1;
        try
        {
            (ProcessDump dump, ReadFailure? failure) = DumpSession.Take(request, descendant, found.Item2);
            if (failure is null)
            {
                return dump;
            }

            console.Error.WriteLine(DumpSession.FailureLine(pid, failure));
            return null;
        }
        catch (Exception e) when (e is TargetAccessException or TargetException or IOException or UnauthorizedAccessException)
        {
            // It exited (or exec'd) between being found and being stopped: nothing of it to show.
            if (!descendant.HasExited && !descendant.HasReplacedProgram)
            {
                console.Error.WriteLine($"pyflame: could not dump process {pid}: {e.Message}");
            }

            return null;
        }
    }

    private static void Write(ProfileRequest request, List<ProcessDump> dumps, OutputTarget output)
    {
        for (int i = 0; i < dumps.Count; i++)
        {
            if (request.Json)
            {
                output.Writer.Write(i == 0 ? "[\n" : ",\n");
            }
            else if (i > 0)
            {
                output.Writer.Write('\n');
            }

            output.Writer.Flush();
            DumpSession.Write(request, dumps[i], output);
        }

        if (request.Json)
        {
            output.Writer.Flush();
            output.Writer.Write("\n]\n");
        }
    }
}
