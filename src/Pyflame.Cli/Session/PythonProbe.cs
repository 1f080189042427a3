using System.Runtime.InteropServices;
using Pyflame.Core.Binaries.Elf;
using Pyflame.Core.Python;
using Pyflame.Core.Python.Discovery;
using Pyflame.Core.Python.Walking;
using Pyflame.Core.Targets;
using Pyflame.Linux;

namespace Pyflame.Cli.Session;

/// <summary>
/// Checks processes of a traced command for a usable interpreter. A process that is not Python is
/// remembered by its executable and how many mappings it had, so it is examined again only after it
/// execs something else or maps more files: right after exec the dynamic loader has not mapped
/// libpython yet, and a python seen at that moment must not be written off for good.
/// </summary>
internal sealed class PythonProbe(PythonVersion? abi) : ILaunchWatcher
{
    /// <summary>Checks of a ready process whose patch level is still unknown before it is taken as it is (see <see cref="Complete"/>).</summary>
    private const int MaxPatchWaits = 1000;

    private readonly Dictionary<int, (string Exe, int Mappings)> _notPython = [];
    private readonly Dictionary<int, int> _patchWaits = [];
    private readonly Dictionary<int, (LinuxTargetProcess Target, PythonRuntime Runtime)> _starting = [];
    private (LinuxTargetProcess Target, PythonRuntime Runtime)? _found;

    public (LinuxTargetProcess, PythonRuntime)? TryFind(int pid)
    {
        if (_starting.TryGetValue(pid, out (LinuxTargetProcess Target, PythonRuntime Runtime) known))
        {
            return IsReady(known.Target, known.Runtime) ? Complete(pid, known.Target, runtime: null) : null;
        }

        // Read before examining: if the process execs or maps more meanwhile, the key is stale and it is examined again.
        (string Exe, int Mappings) key = (LinuxTargetProcess.ExecutablePath(pid) ?? string.Empty, CountMappings(pid));
        if (_notPython.TryGetValue(pid, out (string Exe, int Mappings) seen) && seen == key)
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
                return Complete(pid, target, runtime);
            }

            _starting[pid] = (target, runtime);
            return null;
        }
        catch (Exception e) when (e is TargetException or IOException or UnauthorizedAccessException)
        {
            // Short-lived helpers of a wrapper (a pyenv shim's subshells) come and go while we look.
            target?.Dispose();
            _notPython[pid] = key;
            return null;
        }
    }

    /// <summary>The process <see cref="IsReady(int)"/> last said yes to; the caller owns it from here.</summary>
    public (LinuxTargetProcess, PythonRuntime)? TakeFound()
    {
        (LinuxTargetProcess, PythonRuntime)? found = _found;
        _found = null;
        return found;
    }

    public bool MayBecomePython(int pid)
    {
        try
        {
            // /proc/PID/exe opens the very file the process runs, wherever its root is.
            using ElfFile executable = ElfFile.Parse(File.OpenRead(ProcFs.ProcessPath(pid) + "/exe"));
            return PythonExecutable.MayHostRuntime(executable);
        }
        catch (Exception e) when (e is ElfFormatException or IOException or UnauthorizedAccessException)
        {
            return false; // not an ELF we can read (or gone): it runs freely and is still checked between events
        }
    }

    public bool IsReady(int pid)
    {
        if (TryFind(pid) is not { } found)
        {
            return false;
        }

        _found = found;
        return true;
    }

    public void Forget(int pid)
    {
        _ = _notPython.Remove(pid);
        _ = _patchWaits.Remove(pid);
        if (_starting.Remove(pid, out (LinuxTargetProcess Target, PythonRuntime _) stale))
        {
            stale.Target.Dispose();
        }
    }

    /// <summary>
    /// The process is ready. A process located while the dynamic loader was still mapping libraries (glibc, whose
    /// thread-id offset the walker needs, may have come later) is located again (<paramref name="runtime"/> null),
    /// from the whole map. Before 3.11 the patch level comes from the string Py_GetVersion writes while the
    /// interpreter initialises (3.7.0-3.7.3 and 3.7.4+ differ; the file name alone says 3.7.0, as with --abi 37 when
    /// nothing refines it); caught before that, the process is checked again later rather than read with a guessed layout.
    /// </summary>
    private (LinuxTargetProcess, PythonRuntime)? Complete(int pid, LinuxTargetProcess target, PythonRuntime? runtime)
    {
        try
        {
            runtime ??= InterpreterLocator.Locate(target, abi);
        }
        catch (Exception e) when (e is TargetException or IOException or UnauthorizedAccessException)
        {
            _ = _starting.Remove(pid);
            target.Dispose();
            return null;
        }

        if (runtime.VersionSource.Contains(VersionDetector.FileNameSource, StringComparison.Ordinal)
            && CollectionsMarshal.GetValueRefOrAddDefault(_patchWaits, pid, out _)++ < MaxPatchWaits)
        {
            _starting[pid] = (target, runtime);
            return null;
        }

        _ = _starting.Remove(pid);
        foreach ((LinuxTargetProcess other, PythonRuntime _) in _starting.Values)
        {
            other.Dispose();
        }

        _starting.Clear();
        return (target, runtime);
    }

    private static int CountMappings(int pid)
    {
        try
        {
            return ProcFs.ReadMaps(pid).Count;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return -1;
        }
    }

    private static bool IsReady(LinuxTargetProcess target, PythonRuntime runtime) =>
        new StackWalker(target.Memory, runtime).IsInterpreterReady();
}
