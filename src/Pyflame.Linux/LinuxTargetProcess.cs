using Pyflame.Core.Memory;
using Pyflame.Core.Targets;
using Pyflame.Linux.Interop;

namespace Pyflame.Linux;

/// <summary>
/// A live Linux process seen through /proc and process_vm_readv. Files are opened through
/// /proc/PID/root so a target in another mount namespace (a container) is read as it sees itself.
/// </summary>
public sealed class LinuxTargetProcess : ITargetProcess, IThreadActivityProbe, IDisposable
{
    private readonly LinuxProcessMemory _memory;
    /// <summary>
    /// Above what a ptrace stop plus a restarted sleep usually costs a thread (5-35 µs measured on a loaded 2-core
    /// box), far below what a thread that really runs gets between samples (milliseconds). Not a hard line: at load
    /// 24 this VM charged a sleeper 200-900 µs per stop, which is why blocking --threads samples stop only the GIL
    /// holder when they can (BlockingSampleTaker) and leave sleepers asleep.
    /// </summary>
    private const ulong MinRunNanoseconds = 200_000;

    private readonly Dictionary<int, bool> _running = [];
    private readonly ThreadSchedulerFiles _scheduler;
    private readonly ProgramImageWatch _image;
    private Dictionary<int, ulong> _cpuBefore = [];
    private Dictionary<int, ulong> _cpuNow = [];

    private LinuxTargetProcess(int pid)
    {
        ProcessId = pid;
        _memory = new LinuxProcessMemory(pid);
        _scheduler = new ThreadSchedulerFiles(pid);
        _image = new ProgramImageWatch(pid);
        ThreadIds = NamespaceThreadIds.For(pid);
    }

    public int ProcessId { get; }

    public IMemoryReader Memory => _memory;

    /// <summary>Maps the thread ids CPython records (namespace-local in a container) to host thread ids.</summary>
    public NamespaceThreadIds ThreadIds { get; }

    /// <summary>
    /// Asked of /proc each time, never remembered from a failed read: during an execve from a thread other than the
    /// main one, reads by process id fail with ESRCH for a moment (the old main thread is dead, its successor has not
    /// taken its id yet) although the process lives on. A dead main thread counts as the process's end only once it
    /// is the last thread.
    /// </summary>
    public bool HasExited => !ProcFs.Exists(ProcessId) || (IsZombie() && (!ProcFs.TryCountThreads(ProcessId, out int threads) || threads <= 1));

    /// <summary>True once the process replaced its program (execve): what was found in its memory is gone.</summary>
    public bool HasReplacedProgram => !HasExited && _image.AddressSpaceGone();

    /// <summary>Opens a target; fails with a one-line, actionable message when it is missing or not ours to read.</summary>
    public static LinuxTargetProcess Open(int pid)
    {
        if (!ProcFs.Exists(pid))
        {
            throw new TargetException($"no process with PID {pid} (check the PID with ps or pgrep)");
        }

        LinuxTargetProcess target = new(pid);
        try
        {
            // Access is checked when the map is opened; the map itself is read once, by whoever locates Python in it.
            ProcFs.CheckMapsReadable(pid);
            return target;
        }
        catch (TargetException)
        {
            target.Dispose();
            throw;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            target.Dispose();
            if (!ProcFs.Exists(pid))
            {
                throw new TargetException($"process {pid} exited before it could be profiled");
            }

            throw new TargetException(PermissionDiagnosis.Explain(pid, Errno.EACCES), e);
        }
    }

    /// <summary>Where /proc/PID/exe points (changes when the process execs), or null when it cannot be read.</summary>
    public static string? ExecutablePath(int pid)
    {
        try
        {
            return File.ResolveLinkTarget(ProcFs.ProcessPath(pid) + "/exe", returnFinalTarget: false)?.FullName;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The one-line reason (and fix) when the target's memory cannot be read.</summary>
    public string ExplainNoAccess() => PermissionDiagnosis.Explain(ProcessId, Errno.EPERM);

    /// <summary>The memory map; a process that exits meanwhile is a <see cref="TargetException"/>, not an I/O error.</summary>
    public IReadOnlyList<MemoryRegion> ReadMaps()
    {
        try
        {
            return ProcFs.ReadMaps(ProcessId);
        }
        catch (IOException e) when (!ProcFs.Exists(ProcessId) || IsZombie())
        {
            throw new TargetException($"process {ProcessId} exited before it could be profiled", e);
        }
    }

    public Stream OpenMappedFile(MemoryRegion region) => ProcFs.OpenMappedFile(ProcessId, region);

    /// <summary>
    /// A thread counts as running when it is runnable ('R') AND has used at least
    /// <see cref="MinRunNanoseconds"/> of CPU since the previous capture. The second condition matters
    /// because sampling itself wakes sleepers: the previous sample's ptrace interrupt takes a thread out
    /// of its sleep, and on resume it is runnable until the scheduler lets it restart the sleep. On a busy
    /// machine that outlasts the gap to this capture, and a thread blocked in time.sleep showed as busy
    /// in up to a third of the samples. Being stopped and restarting the sleep costs it only microseconds.
    /// </summary>
    public void Capture()
    {
        _running.Clear();
        (_cpuBefore, _cpuNow) = (_cpuNow, _cpuBefore);
        _cpuNow.Clear();
        _scheduler.Refresh();
        foreach (int tid in _scheduler.Threads)
        {
            if (!_scheduler.TryReadCpu(tid, out ulong cpu))
            {
                continue;
            }

            // Every thread's CPU time is kept, so the next capture compares against this one; the state (a costlier
            // read) only matters for a thread that ran.
            _cpuNow[tid] = cpu;
            bool ran = !_cpuBefore.TryGetValue(tid, out ulong before) || cpu - before >= MinRunNanoseconds;
            if (!ran)
            {
                _running[tid] = false;
            }
            else if (_scheduler.TryReadState(tid, out char state))
            {
                _running[tid] = state == 'R';
            }
        }
    }

    /// <summary>Capture keys by host TID; the id asked about is the one CPython recorded, so it is translated first.</summary>
    public bool TryIsRunning(int nativeThreadId, out bool running) => _running.TryGetValue(ThreadIds.ToHost(nativeThreadId), out running);

    public void Dispose()
    {
        _scheduler.Dispose();
        _image.Dispose();
        _memory.Dispose();
    }

    private bool IsZombie() => ProcFs.TryReadThreadState(ProcessId, ProcessId, out char state) && state is 'Z' or 'X';
}
