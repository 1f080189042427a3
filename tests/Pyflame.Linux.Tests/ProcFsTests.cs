using Pyflame.Core.Memory;
using Pyflame.Core.ProcFs;

namespace Pyflame.Linux.Tests;

public class ProcFsTests
{
    private static readonly int Self = Environment.ProcessId;

    [Fact]
    public void Paths_point_into_proc()
    {
        Assert.Equal("/proc/42/root", ProcFs.RootPath(42));
        Assert.Equal("/proc/42", ProcFs.ProcessPath(42));
    }

    [Fact]
    public void Thread_count_from_one_stat_matches_the_task_listing()
    {
        using Barrier started = new(5);
        using ManualResetEventSlim release = new();
        Thread[] extra = Enumerable.Range(0, 4).Select(_ => new Thread(() => { started.SignalAndWait(); release.Wait(); })).ToArray();
        foreach (Thread thread in extra)
        {
            thread.Start();
        }

        started.SignalAndWait();
        try
        {
            Assert.True(ProcFs.TryCountThreads(Self, out int count));
            Assert.Equal(ProcFs.ListThreads(Self).Count, count);
            Assert.True(count >= 5, $"only {count} threads counted while 5 were known to run");
        }
        finally
        {
            release.Set();
            foreach (Thread thread in extra)
            {
                thread.Join();
            }
        }
    }

    [Fact]
    public void Thread_count_of_a_missing_process_is_not_available() =>
        Assert.False(ProcFs.TryCountThreads(int.MaxValue - 1, out _));

    [Fact]
    public void Exists_tells_live_from_missing()
    {
        Assert.True(ProcFs.Exists(Self));
        Assert.False(ProcFs.Exists(int.MaxValue - 1));
        Assert.False(ProcFs.Exists(0));
    }

    [Fact]
    public void Reads_own_maps_status_threads_and_command_line()
    {
        IReadOnlyList<MemoryRegion> maps = ProcFs.ReadMaps(Self);
        ProcStatus status = ProcFs.ReadStatus(Self);
        IReadOnlyList<int> threads = ProcFs.ListThreads(Self);
        string? commandLine = ProcFs.ReadCommandLine(Self);

        Assert.Contains(maps, r => r.Path.EndsWith("libcoreclr.so", StringComparison.Ordinal));
        Assert.Equal(Self, status.Tgid);
        Assert.Contains(Self, threads);
        Assert.True(threads.Count > 2);
        Assert.NotNull(commandLine);
        Assert.Contains("dotnet", commandLine, StringComparison.Ordinal);
        Assert.DoesNotContain('\0', commandLine);
    }

    [Fact]
    public void Thread_state_of_a_live_and_a_missing_thread()
    {
        Assert.True(ProcFs.TryReadThreadState(Self, Self, out char state));
        Assert.Contains(state, "RSD");
        Assert.False(ProcFs.TryReadThreadState(Self, int.MaxValue - 1, out _));
        Assert.Empty(ProcFs.ListThreads(int.MaxValue - 1));
        Assert.Null(ProcFs.ReadCommandLine(int.MaxValue - 1));
    }

    [Fact]
    public void Missing_process_throws_io_errors_for_maps_and_status()
    {
        Assert.ThrowsAny<IOException>(() => ProcFs.ReadMaps(int.MaxValue - 1));
        Assert.ThrowsAny<IOException>(() => ProcFs.ReadStatus(int.MaxValue - 1));
    }

    [Fact]
    public void Opens_a_mapped_file_through_the_target_root()
    {
        MemoryRegion libc = ProcFs.ReadMaps(Self).First(r => r.IsFile && r.FileOffset == 0 && r.Path.Contains("libc.so", StringComparison.Ordinal));

        using Stream stream = ProcFs.OpenMappedFile(Self, libc);
        byte[] header = new byte[4];
        stream.ReadExactly(header);

        Assert.Equal("\u007fELF"u8.ToArray(), header);
        Assert.Equal(new FileInfo(libc.Path).Length, stream.Length);
    }

    [Fact]
    public void Opens_a_deleted_mapped_file_through_map_files()
    {
        string path = Path.Combine(Path.GetTempPath(), $"pyflame-deleted-{Guid.NewGuid():N}.bin");
        byte[] content = new byte[8192];
        "DELETED-BUT-MAPPED"u8.CopyTo(content);
        File.WriteAllBytes(path, content);
        using System.IO.MemoryMappedFiles.MemoryMappedFile mapped =
            System.IO.MemoryMappedFiles.MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, System.IO.MemoryMappedFiles.MemoryMappedFileAccess.Read);
        using System.IO.MemoryMappedFiles.MemoryMappedViewAccessor view = mapped.CreateViewAccessor(0, 0, System.IO.MemoryMappedFiles.MemoryMappedFileAccess.Read);
        File.Delete(path);

        MemoryRegion region = ProcFs.ReadMaps(Self).Single(r => r.Path == path + " (deleted)");
        using Stream stream = ProcFs.OpenMappedFile(Self, region);
        byte[] header = new byte[18];
        stream.ReadExactly(header);

        Assert.True(region.IsDeleted);
        Assert.Equal("DELETED-BUT-MAPPED"u8.ToArray(), header);
    }

    [Fact]
    public void Anonymous_regions_cannot_be_opened()
    {
        MemoryRegion heapLike = new(0x1000, 0x2000, "rw-p", 0, "00:00", 0, "[heap]");

        Assert.Throws<ArgumentException>(() => ProcFs.OpenMappedFile(Self, heapLike));
    }
}
