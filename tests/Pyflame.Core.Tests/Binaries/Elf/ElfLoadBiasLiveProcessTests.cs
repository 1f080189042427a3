using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;

namespace Pyflame.Core.Tests.Binaries.Elf;

/// <summary>Checks the load-bias formula against a real running CPython 3.12 (read-only: maps and /proc/PID/mem).</summary>
public sealed class ElfLoadBiasLiveProcessTests
{
    private const string Python312 = "/root/.pyenv/versions/3.12.1/bin/python";

    [Fact]
    public void BiasPlusSymbolValue_LandsInLibpythonRwMapping_AndReadsPyVersionFromMemory()
    {
        using var elf = ElfTestFiles.Open(ElfTestFiles.LibPython312);
        Assert.True(elf.TryFindSymbol("_PyRuntime", out var runtime));
        Assert.True(elf.TryFindSymbol("Py_Version", out var pyVersion));

        var process = Process.Start(new ProcessStartInfo(Python312, ["-c", "import time; time.sleep(30)"]) { UseShellExecute = false })!;
        try
        {
            var libpythonMaps = WaitForLibpythonMappings(process.Id);
            var offsetZero = libpythonMaps.Single(line => line.Offset == 0);

            ulong bias = elf.ComputeLoadBias(offsetZero.Start);
            Assert.Equal(offsetZero.Start, bias); // ET_DYN is linked at 0.
            Assert.NotEqual(0UL, bias);

            ulong runtimeAddress = bias + runtime.Value;
            Assert.Contains(libpythonMaps, line => line.Permissions.StartsWith("rw", StringComparison.Ordinal)
                && runtimeAddress >= line.Start && runtimeAddress < line.End);

            // Stronger than a range check: the bytes at bias + Py_Version.Value in the live process are 3.12.1.
            using var memory = new FileStream($"/proc/{process.Id}/mem", FileMode.Open, FileAccess.Read);
            memory.Position = checked((long)(bias + pyVersion.Value));
            var bytes = new byte[4];
            memory.ReadExactly(bytes);
            Assert.Equal(0x030c01f0u, BinaryPrimitives.ReadUInt32LittleEndian(bytes));
        }
        finally
        {
            process.Kill();
            process.WaitForExit();
            process.Dispose();
        }
    }

    /// <summary>The dynamic loader maps libpython right after exec; poll briefly until it shows up.</summary>
    private static List<(ulong Start, ulong End, string Permissions, ulong Offset, string Path)> WaitForLibpythonMappings(int pid)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var lines = File.ReadAllLines($"/proc/{pid}/maps")
                .Select(ParseMapsLine)
                .Where(line => line.Path == ElfTestFiles.LibPython312)
                .ToList();
            if (lines.Exists(line => line.Offset == 0) && lines.Exists(line => line.Permissions.StartsWith("rw", StringComparison.Ordinal)))
            {
                return lines;
            }

            Assert.True(DateTime.UtcNow < deadline, "libpython3.12 never appeared in /proc/PID/maps");
            Thread.Sleep(20);
        }
    }

    // Format (proc(5)): "start-end perms offset dev inode   path", path optional and may contain spaces.
    private static (ulong Start, ulong End, string Permissions, ulong Offset, string Path) ParseMapsLine(string line)
    {
        var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
        var range = fields[0].Split('-');
        return (
            ulong.Parse(range[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
            ulong.Parse(range[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
            fields[1],
            ulong.Parse(fields[2], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
            fields.Length > 5 ? fields[5].Trim() : string.Empty);
    }
}
