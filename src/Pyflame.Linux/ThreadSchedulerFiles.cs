using System.Globalization;
using Pyflame.Linux.Interop;

namespace Pyflame.Linux;

/// <summary>
/// Keeps every thread's <c>/proc/PID/task/TID/stat</c> and <c>schedstat</c> open and re-reads them with one pread
/// each: --threads asks for every thread's scheduler state on every sample, and opening, reading and closing two
/// files per thread (plus listing the directory) was 60 system calls per sample on 9 threads. The thread list
/// is read again only when the thread count (one stat of /proc/PID/task) changed or a thread's file went away.
/// </summary>
internal sealed unsafe class ThreadSchedulerFiles(int pid) : IDisposable
{
    /// <summary>schedstat is three decimal numbers: 64 bytes hold them.</summary>
    private const int SchedStatBytes = 64;

    /// <summary>Threads whose files stay open (two descriptors each); beyond it files are opened per read.</summary>
    private const int MaxKeptOpen = 256;

    private readonly Dictionary<int, (int Stat, int SchedStat)> _files = [];
    private readonly List<int> _threads = [];
    private readonly List<int> _gone = [];
    private int _listedCount = -1;
    private bool _stale = true;

    /// <summary>The threads as of the last <see cref="Refresh"/>, ascending.</summary>
    public IReadOnlyList<int> Threads => _threads;

    /// <summary>Lists the threads again if they may have changed, opening new threads' files and closing gone ones'.</summary>
    public void Refresh()
    {
        if (!ProcFs.TryCountThreads(pid, out int count) || (!_stale && count == _listedCount))
        {
            return;
        }

        _threads.Clear();
        _threads.AddRange(ProcFs.ListThreads(pid));
        _listedCount = count;
        _stale = false;
        _gone.Clear();
        foreach (int tid in _files.Keys)
        {
            if (_threads.BinarySearch(tid) < 0)
            {
                _gone.Add(tid);
            }
        }

        foreach (int tid in _gone)
        {
            Close(tid);
        }
    }

    /// <summary>A thread's CPU time so far (schedstat, cheap); false (and a re-list next time) when it is gone.</summary>
    public bool TryReadCpu(int tid, out ulong cpuNanoseconds)
    {
        cpuNanoseconds = 0;
        if (!TryOpen(tid, out (int Stat, int SchedStat) files))
        {
            return false;
        }

        return Finish(tid, TryReadRunTime(files.SchedStat, out cpuNanoseconds));
    }

    /// <summary>
    /// A thread's scheduler state letter ('R', 'S', 'D', 't', ...). The kernel formats all 52 fields of stat for
    /// it, several times the cost of schedstat, so callers ask only about threads whose CPU time moved.
    /// </summary>
    public bool TryReadState(int tid, out char state)
    {
        state = '\0';
        if (!TryOpen(tid, out (int Stat, int SchedStat) files))
        {
            return false;
        }

        return Finish(tid, ProcFs.TryReadStateLetter(files.Stat, out state));
    }

    public void Dispose()
    {
        foreach (int tid in _files.Keys.ToArray())
        {
            Close(tid);
        }
    }

    private bool Finish(int tid, bool read)
    {
        if (!read || _files.Count > MaxKeptOpen)
        {
            Close(tid);
            _stale |= !read;
        }

        return read;
    }

    private bool TryOpen(int tid, out (int Stat, int SchedStat) files)
    {
        if (_files.TryGetValue(tid, out files))
        {
            return true;
        }

        string task = ProcFs.ProcessPath(pid) + "/task/" + tid.ToString(CultureInfo.InvariantCulture);
        int stat = FileIo.Open(task + "/stat", FileIo.O_RDONLY | FileIo.O_CLOEXEC);
        int schedStat = stat < 0 ? -1 : FileIo.Open(task + "/schedstat", FileIo.O_RDONLY | FileIo.O_CLOEXEC);
        if (schedStat < 0)
        {
            if (stat >= 0)
            {
                _ = FileIo.Close(stat);
            }

            _stale = true;
            return false;
        }

        files = (stat, schedStat);
        _files[tid] = files;
        return true;
    }

    /// <summary>schedstat: "run-nanoseconds wait-nanoseconds timeslices".</summary>
    private static bool TryReadRunTime(int schedStatFd, out ulong nanoseconds)
    {
        nanoseconds = 0;
        byte* buffer = stackalloc byte[SchedStatBytes];
        nint read = FileIo.PRead(schedStatFd, buffer, SchedStatBytes, 0);
        ReadOnlySpan<byte> text = read > 0 ? new ReadOnlySpan<byte>(buffer, (int)read) : [];
        int space = text.IndexOf((byte)' ');
        return space > 0 && ulong.TryParse(text[..space], NumberStyles.None, CultureInfo.InvariantCulture, out nanoseconds);
    }

    private void Close(int tid)
    {
        if (_files.Remove(tid, out (int Stat, int SchedStat) files))
        {
            _ = FileIo.Close(files.Stat);
            _ = FileIo.Close(files.SchedStat);
        }
    }
}
