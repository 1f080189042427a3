using System.Buffers;
using System.Globalization;
using System.Text;
using Pyflame.Core.Memory;
using Pyflame.Core.ProcFs;

namespace Pyflame.Linux;

/// <summary>
/// Thin readers over <c>/proc</c>; all parsing is in Pyflame.Core.ProcFs so it can be tested on text.
/// Methods that return a value throw IOException-family exceptions when the process is gone or unreadable;
/// the list and Try methods report that as "empty"/false instead because callers poll them.
/// </summary>
public static class ProcFs
{
    /// <summary>Upper bound for any single /proc text file we read (maps of huge processes fit easily).</summary>
    internal const int MaxProcFileBytes = 64 * 1024 * 1024;

    /// <summary>Enough for status, stat and the maps of a typical Python process in one read.</summary>
    private const int ReadTextInitialBytes = 16 * 1024;

    /// <summary>More threads than pid_max allows would mean corrupt input.</summary>
    private const int MaxThreads = 4 * 1024 * 1024;

    public static string ProcessPath(int pid) => "/proc/" + pid.ToString(CultureInfo.InvariantCulture);

    /// <summary>The target's view of the file system root: files it maps resolve here even across mount namespaces.</summary>
    public static string RootPath(int pid) => ProcessPath(pid) + "/root";

    public static bool Exists(int pid) => pid > 0 && Directory.Exists(ProcessPath(pid));

    public static IReadOnlyList<MemoryRegion> ReadMaps(int pid) =>
        MapsParser.Parse(ReadText(ProcessPath(pid) + "/maps"));

    /// <summary>
    /// Opens and closes <c>/proc/PID/maps</c>: the kernel checks ptrace read access when the file is opened
    /// (proc_maps_open, fs/proc/task_mmu.c), so this answers "may we read this process" without reading and parsing
    /// the whole map. Throws like <see cref="ReadMaps"/> (UnauthorizedAccessException, IOException).
    /// </summary>
    public static void CheckMapsReadable(int pid)
    {
        using FileStream stream = new(ProcessPath(pid) + "/maps", FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
    }

    public static ProcStatus ReadStatus(int pid) =>
        ProcStatusParser.Parse(ReadText(ProcessPath(pid) + "/status"));

    /// <summary>Thread ids in <c>/proc/PID/task</c>, ascending; empty if the process is gone.</summary>
    public static IReadOnlyList<int> ListThreads(int pid)
    {
        List<int> tids = [];
        try
        {
            foreach (string entry in Directory.EnumerateDirectories(ProcessPath(pid) + "/task"))
            {
                if (tids.Count >= MaxThreads)
                {
                    break;
                }

                if (int.TryParse(Path.GetFileName(entry.AsSpan()), NumberStyles.None, CultureInfo.InvariantCulture, out int tid))
                {
                    tids.Add(tid);
                }
            }
        }
        catch (IOException)
        {
            return [];
        }
        catch (UnauthorizedAccessException)
        {
            return [];
        }

        tids.Sort();
        return tids;
    }

    /// <summary>
    /// How many threads the process has, from one stat() of /proc/PID/task (procfs reports 2 + threads as
    /// its link count): far cheaper than listing the directory, so it can run on every sample.
    /// </summary>
    public static unsafe bool TryCountThreads(int pid, out int count)
    {
        byte* buffer = stackalloc byte[Interop.FileStatus.StatSize];
        count = 0;
        if (Interop.FileStatus.Stat(ProcessPath(pid) + "/task", buffer) != 0)
        {
            return false;
        }

        count = (int)(*(ulong*)(buffer + Interop.FileStatus.NlinkOffset)) - 2;
        return count >= 0;
    }

    /// <summary>
    /// Reads the scheduler state letter of one thread (e.g. 'R', 'S', 't'); false if it is gone. The pauser asks
    /// this during a pause, so it is open/pread/close on a stack buffer (FileStream adds fstat, flock and a
    /// second read). The letter follows the last ')' (the name in parentheses may itself contain one).
    /// </summary>
    public static bool TryReadThreadState(int pid, int tid, out char state)
    {
        state = '\0';
        int fd = Interop.FileIo.Open(ProcessPath(pid) + "/task/" + tid.ToString(CultureInfo.InvariantCulture) + "/stat", Interop.FileIo.O_RDONLY | Interop.FileIo.O_CLOEXEC);
        if (fd < 0)
        {
            return false;
        }

        bool read = TryReadStateLetter(fd, out state);
        _ = Interop.FileIo.Close(fd);
        return read;
    }

    /// <summary>
    /// The state letter from an open <c>/proc/PID/task/TID/stat</c> (read from its start, so the file can be read
    /// again): "tid (comm) S ...", comm is at most 16 bytes (TASK_COMM_LEN), so the letter is in the first 64.
    /// </summary>
    internal static unsafe bool TryReadStateLetter(int statFd, out char state)
    {
        state = '\0';
        byte* buffer = stackalloc byte[64];
        nint read = Interop.FileIo.PRead(statFd, buffer, 64, 0);
        int close = read > 0 ? new ReadOnlySpan<byte>(buffer, (int)read).LastIndexOf((byte)')') : -1;
        if (close < 0 || close + 2 >= read)
        {
            return false;
        }

        state = (char)buffer[close + 2];
        return true;
    }

    /// <summary>Reads state and CPU ticks of one thread; false if it is gone or the text is malformed.</summary>
    public static bool TryReadThreadStat(int pid, int tid, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ThreadStat? stat)
    {
        stat = null;
        string path = ProcessPath(pid) + "/task/" + tid.ToString(CultureInfo.InvariantCulture) + "/stat";
        return TryReadText(path, out string? text) && ProcStatParser.TryParse(text, out stat);
    }

    /// <summary>The command line with NUL separators turned into spaces; null if unreadable or empty (kernel threads, zombies).</summary>
    public static string? ReadCommandLine(int pid)
    {
        if (!TryReadText(ProcessPath(pid) + "/cmdline", out string? text) || text.Length == 0)
        {
            return null;
        }

        return text.TrimEnd('\0').Replace('\0', ' ');
    }

    /// <summary>
    /// Opens the file behind a mapping as the target sees it: the path is resolved inside <c>/proc/PID/root</c>, never
    /// out of it (see <see cref="TargetFiles"/>), so targets in other mount namespaces (containers) work and cannot
    /// point pyflame at the host's files; only a regular file, the mapped inode, is opened. A deleted or otherwise
    /// unreachable file is opened through <c>/proc/PID/map_files/START-END</c>, which the kernel keeps pointing at the
    /// mapped inode (needs CAP_SYS_ADMIN in the target's user namespace).
    /// </summary>
    public static Stream OpenMappedFile(int pid, MemoryRegion region)
    {
        ArgumentNullException.ThrowIfNull(region);
        if (!region.IsFile)
        {
            throw new ArgumentException($"Region {region.Start:x}-{region.End:x} is not backed by a file.", nameof(region));
        }

        int errno = Interop.Errno.ENOENT;
        if (!region.IsDeleted && TargetFiles.TryOpenInRoot(RootPath(pid), region.Path, region.Inode, out errno) is { } handle)
        {
            return new FileStream(handle, FileAccess.Read);
        }

        string mapFile = string.Create(CultureInfo.InvariantCulture, $"{ProcessPath(pid)}/map_files/{region.Start:x}-{region.End:x}");
        if (TargetFiles.TryOpenRegular(mapFile, out int mapErrno) is { } mapped)
        {
            return new FileStream(mapped, FileAccess.Read);
        }

        throw new IOException($"cannot open {region.Path} as process {pid} maps it (errno {errno}, through map_files {mapErrno})");
    }

    internal static string ReadText(string path)
    {
        using FileStream stream = new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
        // A pooled buffer: a fresh 64 KiB array per read (a status file is ~1.5 KiB) was a tenth of pyflame's start-up
        // CPU, the GC clearing and committing new memory for every /proc file read while attaching.
        byte[] buffer = ArrayPool<byte>.Shared.Rent(ReadTextInitialBytes);
        try
        {
            // /proc files report length 0, so read until EOF, bounded.
            int length = 0;
            int read;
            while ((read = stream.Read(buffer, length, buffer.Length - length)) > 0)
            {
                length += read;
                if (length > MaxProcFileBytes)
                {
                    throw new InvalidDataException($"{path} is larger than {MaxProcFileBytes} bytes.");
                }

                if (length == buffer.Length)
                {
                    byte[] larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, MaxProcFileBytes + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }

            return Encoding.UTF8.GetString(buffer, 0, length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    internal static bool TryReadText(string path, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? text)
    {
        text = null;
        try
        {
            text = ReadText(path);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return false;
        }
    }
}
