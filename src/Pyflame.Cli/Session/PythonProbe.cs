using Pyflame.Core.Python;
using Pyflame.Core.Python.Discovery;
using Pyflame.Core.Python.Walking;
using Pyflame.Core.Targets;
using Pyflame.Linux;

namespace Pyflame.Cli.Session;

/// <summary>
/// Checks processes of a traced command for a usable interpreter. A process that is not Python is
/// remembered by its executable, so it is examined again only after it execs something else.
/// </summary>
internal sealed class PythonProbe(PythonVersion? abi)
{
    private readonly Dictionary<int, string> _notPython = [];
    private readonly Dictionary<int, (LinuxTargetProcess Target, PythonRuntime Runtime)> _starting = [];

    public (LinuxTargetProcess, PythonRuntime)? TryFind(int pid)
    {
        if (_starting.TryGetValue(pid, out (LinuxTargetProcess Target, PythonRuntime Runtime) known))
        {
            return IsReady(known.Target, known.Runtime) ? Take(pid, known) : null;
        }

        string exe = LinuxTargetProcess.ExecutablePath(pid) ?? string.Empty;
        if (_notPython.TryGetValue(pid, out string? seen) && seen == exe)
        {
            return null;
        }

        LinuxTargetProcess? target = null;
        try
        {
            target = LinuxTargetProcess.Open(pid);
            PythonRuntime runtime = InterpreterLocator.Locate(target, abi);
            if (IsReady(target, runtime))
            {
                return Take(pid, (target, runtime));
            }

            _starting[pid] = (target, runtime);
            return null;
        }
        catch (Exception e) when (e is TargetException or IOException or UnauthorizedAccessException)
        {
            // Short-lived helpers of a wrapper (a pyenv shim's subshells) come and go while we look.
            target?.Dispose();
            _notPython[pid] = exe;
            return null;
        }
    }

    private (LinuxTargetProcess, PythonRuntime) Take(int pid, (LinuxTargetProcess Target, PythonRuntime Runtime) found)
    {
        _starting.Remove(pid);
        foreach ((LinuxTargetProcess other, PythonRuntime _) in _starting.Values)
        {
            other.Dispose();
        }

        return found;
    }

    private static bool IsReady(LinuxTargetProcess target, PythonRuntime runtime) =>
        new StackWalker(target.Memory, runtime).IsInterpreterReady();
}
