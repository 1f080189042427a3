using System.Diagnostics;
using Pyflame.Linux;

namespace Pyflame.Cli.Session;

/// <summary>
/// Starts trace mode's command with pyflame's own stdin, stdout and stderr. The command runs under a
/// small `sh` that waits for it: a ptrace tracer that is also the tracee's parent can consume the
/// tracee's exit status while pausing it (and .NET's own child reaping would take the tracer's stop reports),
/// so pyflame stays the grandparent and always gets the real exit status from sh (which is the command's, or
/// 128+N if a signal killed it). The command's process is a subshell that first waits at the
/// <see cref="LaunchGate"/>, then execs the command: pyflame seizes it there, before anything of the command ran.
/// </summary>
internal static class ChildLauncher
{
    /// <param name="detachFromTerminal">
    /// The command reads /dev/null and writes to /dev/null (for --live, whose screen and keys it would otherwise share).
    /// </param>
    public static Process Start(IReadOnlyList<string> command, LaunchGate gate, bool detachFromTerminal = false)
    {
        if (ResolveExecutable(command[0]) is null)
        {
            throw new CommandNotFoundException($"cannot run '{command[0]}': command not found (check the name and PATH)");
        }

        ProcessStartInfo info = new("/bin/sh") { UseShellExecute = false };
        info.ArgumentList.Add("-c");
        // The read's errors are silenced: the gate may already be gone (opened) when the subshell gets there.
        info.ArgumentList.Add(detachFromTerminal
            ? "gate=$1; shift; ( { read -r _ <\"$gate\"; } 2>/dev/null; exec \"$@\" </dev/null >/dev/null 2>&1 ); exit $?"
            : "gate=$1; shift; ( { read -r _ <\"$gate\"; } 2>/dev/null; exec \"$@\" ); exit $?");
        info.ArgumentList.Add("pyflame-trace");
        info.ArgumentList.Add(gate.ReadEndPath);
        foreach (string arg in command)
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info) ?? throw new UsageException($"cannot run '{command[0]}'");
    }

    /// <summary>Passes a signal to the command (not to the waiting sh, which follows its child).</summary>
    public static void Forward(Process shell, int signal)
    {
        foreach (int pid in ProcessTree.Children(shell.Id))
        {
            SignalSender.TrySend(pid, signal);
        }
    }

    private static string? ResolveExecutable(string name)
    {
        if (name.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(name) ? name : null;
        }

        string path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin";
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
    }
}
