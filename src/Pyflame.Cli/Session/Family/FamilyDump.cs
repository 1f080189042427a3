using Pyflame.Cli.CommandLine;
using Pyflame.Cli.Console;
using Pyflame.Core.Dumping;
using Pyflame.Core.Model;
using Pyflame.Core.Python.Discovery;
using Pyflame.Core.Targets;
using Pyflame.Linux;

namespace Pyflame.Cli.Session.Family;

/// <summary>
/// <c>-d --subprocesses</c>: a dump of the target (or, when it runs no Python, of its nearest Python descendant), then
/// of each other Python descendant (nearest first), each stopped and
/// read on its own. Text dumps follow one another, each opening with its "Process PID" line; --json writes an array
/// of the per-process objects. A descendant that is not Python, or not initialised yet, is left out quietly; one
/// that cannot be read gets a note on stderr, and only the target's own failure fails the run.
/// </summary>
internal static class FamilyDump
{
    /// <param name="root">The process asked for; <paramref name="target"/> is it, or when it runs no Python, its nearest Python descendant.</param>
    public static int Run(ProfileRequest request, int root, LinuxTargetProcess target, PythonRuntime runtime, OutputTarget output, IConsole console)
    {
        (ProcessDump firstDump, ReadFailure? firstFailure) = DumpSession.Take(request, target, runtime);
        if (firstFailure is not null)
        {
            console.Error.WriteLine(DumpSession.FailureLine(target.ProcessId, firstFailure));
            return ExitCodes.TargetError;
        }

        List<ProcessDump> dumps = [firstDump];
        foreach (int pid in ProcessTree.Descendants(root))
        {
            if (pid != target.ProcessId && TryDump(request, pid, console) is { } dump)
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
