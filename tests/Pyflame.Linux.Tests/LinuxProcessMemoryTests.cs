using System.Globalization;
using System.Text.Json;
using Pyflame.Core.Memory;
using Pyflame.Linux.Tests.Support;

namespace Pyflame.Linux.Tests;

public sealed class LinuxProcessMemoryTests : IDisposable
{
    private const int Page = 4096;

    // Prints the address of a known bytes payload and of a page of 0xAB followed by an unmapped page.
    private const string Script = """
        import ctypes, json, sys, time
        payload = b"PYFLAME-KNOWN-BYTES-" + bytes(range(256)) * 4
        data = ctypes.cast(ctypes.c_char_p(payload), ctypes.c_void_p).value
        libc = ctypes.CDLL(None, use_errno=True)
        libc.mmap.restype = ctypes.c_void_p
        libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_long]
        libc.munmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
        base = libc.mmap(None, 3 * 4096, 3, 0x22, -1, 0)
        ctypes.memset(base, 0xAB, 4096)
        ctypes.memset(base + 8192, 0xCD, 4096)
        assert libc.munmap(base + 4096, 4096) == 0
        print(json.dumps({"data": data, "length": len(payload), "page": base, "id": id(payload)}))
        print("READY", flush=True)
        time.sleep(600)
        """;

    private readonly PythonTarget _target = PythonTarget.Start(Script);
    private readonly JsonElement _facts;

    public LinuxProcessMemoryTests()
    {
        string json = _target.Output.Split('\n')[0];
        _facts = JsonDocument.Parse(json).RootElement;
    }

    private ulong DataAddress => _facts.GetProperty("data").GetUInt64();

    private ulong PageAddress => _facts.GetProperty("page").GetUInt64();

    private static byte[] ExpectedPayload()
    {
        byte[] expected = new byte[20 + 1024];
        "PYFLAME-KNOWN-BYTES-"u8.CopyTo(expected);
        for (int i = 0; i < 1024; i++)
        {
            expected[20 + i] = (byte)i;
        }

        return expected;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Reads_a_known_buffer(bool forceProcMem)
    {
        using LinuxProcessMemory memory = new(_target.Pid) { UseProcMem = forceProcMem };
        byte[] buffer = new byte[_facts.GetProperty("length").GetInt32()];

        int read = memory.Read(DataAddress, buffer);

        Assert.Equal(buffer.Length, read);
        Assert.Equal(ExpectedPayload(), buffer);
        Assert.Equal(forceProcMem, memory.UseProcMem);
        Assert.False(memory.ProcessExited);
    }

    [Fact]
    public void Reads_the_bytes_object_header_through_typed_helpers()
    {
        using LinuxProcessMemory memory = new(_target.Pid);
        ulong objectAddress = _facts.GetProperty("id").GetUInt64();

        // PyBytesObject: ob_refcnt, ob_type, ob_size (Include/cpython/bytesobject.h); ob_size is the length.
        Assert.True(memory.TryRead(objectAddress + 16, out long size));
        Assert.Equal(_facts.GetProperty("length").GetInt64(), size);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Partial_read_stops_at_the_unmapped_page(bool forceProcMem)
    {
        using LinuxProcessMemory memory = new(_target.Pid) { UseProcMem = forceProcMem };
        byte[] buffer = new byte[200];

        int read = memory.Read(PageAddress + Page - 100, buffer);

        Assert.Equal(100, read);
        Assert.All(buffer[..100], b => Assert.Equal(0xAB, b));
        Assert.Equal(0, memory.Read(PageAddress + Page + 8, buffer));
        Assert.False(memory.TryReadExact(PageAddress + Page - 100, buffer));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Ranges_of_their_own_lengths_land_at_their_offsets_and_the_first_unreadable_one_ends_the_read(bool forceProcMem)
    {
        using LinuxProcessMemory memory = new(_target.Pid) { UseProcMem = forceProcMem };
        ulong[] addresses = [DataAddress, PageAddress + 10, PageAddress + (2 * Page), PageAddress + Page - 4, DataAddress];
        int[] lengths = [20, 5, 30, 16, 4];
        int[] offsets = [100, 0, 20, 60, 150];
        byte[] destination = new byte[200];

        int whole = memory.ReadRanges(addresses, lengths, destination, offsets);

        // Three ranges are mapped; the fourth runs into the hole after the first page, so the fifth is never attempted.
        Assert.Equal(3, whole);
        Assert.Equal("PYFLAME-KNOWN-BYTES-"u8.ToArray(), destination[100..120]);
        Assert.All(destination[0..5], b => Assert.Equal(0xAB, b));
        Assert.All(destination[5..20], b => Assert.Equal(0, b)); // each range copies its own length, no more
        Assert.All(destination[20..50], b => Assert.Equal(0xCD, b));
        Assert.All(destination[50..60], b => Assert.Equal(0, b));
        Assert.All(destination[120..], b => Assert.Equal(0, b));
    }

    [Fact]
    public void More_ranges_than_one_batch_are_all_read()
    {
        using LinuxProcessMemory memory = new(_target.Pid);
        int count = (LinuxProcessMemory.ScatterBatch * 2) + 3;
        ulong[] addresses = Enumerable.Range(0, count).Select(i => DataAddress + 20 + (ulong)i).ToArray();
        int[] offsets = Enumerable.Range(0, count).Select(i => count - 1 - i).ToArray();
        int[] lengths = Enumerable.Repeat(1, count).ToArray();
        byte[] destination = new byte[count];

        Assert.Equal(count, memory.ReadRanges(addresses, lengths, destination, offsets));
        Assert.Equal(Enumerable.Range(0, count).Select(i => (byte)(count - 1 - i)).ToArray(), destination);
    }

    [Fact]
    public void Ranges_reject_offsets_that_do_not_fit()
    {
        using LinuxProcessMemory memory = new(_target.Pid);

        Assert.Throws<ArgumentException>(() => memory.ReadRanges([1UL, 2UL], [1, 1], new byte[2], [0]));
        Assert.Throws<ArgumentException>(() => memory.ReadRanges([1UL, 2UL], [1], new byte[2], [0, 1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => memory.ReadRanges([1UL], [8], new byte[4], [0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => memory.ReadRanges([1UL], [2], new byte[4], [3]));
        Assert.Throws<ArgumentOutOfRangeException>(() => memory.ReadRanges([1UL], [-1], new byte[4], [0]));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Unmapped_and_null_addresses_read_nothing(bool forceProcMem)
    {
        using LinuxProcessMemory memory = new(_target.Pid) { UseProcMem = forceProcMem };
        byte[] buffer = new byte[8];

        Assert.Equal(0, memory.Read(0, buffer));
        Assert.Equal(0, memory.Read(0xffff_ffff_ffff_0000, buffer));
        Assert.False(memory.ProcessExited);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Reports_exit_after_the_process_is_gone(bool forceProcMem)
    {
        using LinuxProcessMemory memory = new(_target.Pid) { UseProcMem = forceProcMem };
        byte[] buffer = new byte[16];
        Assert.Equal(16, memory.Read(DataAddress, buffer));

        _target.Kill();
        Assert.True(_target.WaitForExit(TimeSpan.FromSeconds(5)));

        Assert.Equal(0, memory.Read(DataAddress, buffer));
        Assert.True(memory.ProcessExited);
    }

    public void Dispose() => _target.Dispose();
}
