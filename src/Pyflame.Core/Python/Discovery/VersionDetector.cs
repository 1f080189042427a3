using System.Buffers.Binary;
using System.Text;
using System.Text.RegularExpressions;
using Pyflame.Core.Binaries.Elf;
using Pyflame.Core.Memory;

namespace Pyflame.Core.Python.Discovery;

/// <summary>
/// Reads the CPython version out of the target itself, never from the profiler's environment.
/// Order (cpython-internals.md §1.4): Py_Version (3.11+), the Py_GetVersion buffer in .bss, then the file name.
/// </summary>
public static partial class VersionDetector
{
    /// <summary>How <see cref="PythonRuntime.VersionSource"/> starts when only the file name gave the version (no patch level).</summary>
    public const string FileNameSource = "file name ";

    /// <summary>.bss is scanned in chunks of this size; the version buffer sits within the first few MB.</summary>
    private const int ScanChunk = 64 * 1024;

    private const ulong MaxScanBytes = 16 * 1024 * 1024;

    public static bool TryDetect(IMemoryReader memory, LoadedModule module, out PythonVersion version, out string source)
    {
        if (TryFromPyVersionSymbol(memory, module, out version))
        {
            source = "Py_Version";
            return true;
        }

        if (TryFromVersionString(memory, module, out version))
        {
            source = "version string in .bss";
            return true;
        }

        if (TryFromFileName(module.FileName, out version))
        {
            source = FileNameSource + module.FileName;
            return true;
        }

        source = string.Empty;
        return false;
    }

    private static bool TryFromPyVersionSymbol(IMemoryReader memory, LoadedModule module, out PythonVersion version)
    {
        version = default;
        if (!module.Elf.TryFindSymbol("Py_Version", out ElfSymbol symbol))
        {
            return false;
        }

        // Py_Version is const data in .rodata: the file has it, so no process read is needed.
        Span<byte> bytes = stackalloc byte[4];
        bool read = module.Elf.TryReadVirtual(symbol.Value, bytes)
            || memory.TryReadExact(module.LoadBias + symbol.Value, bytes);
        if (!read)
        {
            return false;
        }

        version = PythonVersion.FromHex(BinaryPrimitives.ReadUInt32LittleEndian(bytes));
        return version.Major is 2 or 3;
    }

    /// <summary>Py_GetVersion() formats "X.Y.Z (build...) [compiler]" into a static .bss buffer at startup.</summary>
    private static bool TryFromVersionString(IMemoryReader memory, LoadedModule module, out PythonVersion version)
    {
        version = default;
        ElfSection? bss = module.Elf.FindSection(".bss");
        if (bss is null || bss.Size == 0)
        {
            return false;
        }

        byte[] buffer = new byte[ScanChunk + 64];
        ulong start = module.LoadBias + bss.Address;
        ulong size = Math.Min(bss.Size, MaxScanBytes);
        for (ulong offset = 0; offset < size; offset += ScanChunk)
        {
            int want = (int)Math.Min((ulong)buffer.Length, size - offset);
            int got = memory.Read(start + offset, buffer.AsSpan(0, want));
            if (got <= 0)
            {
                continue;
            }

            Match match = VersionStringPattern().Match(Encoding.Latin1.GetString(buffer, 0, got));
            if (match.Success && TryParseDotted(match.Groups[1].Value, out version))
            {
                return true;
            }
        }

        return false;
    }

    public static bool TryFromFileName(string fileName, out PythonVersion version)
    {
        version = default;
        Match match = FileNamePattern().Match(fileName);
        return match.Success && TryParseDotted(match.Groups[1].Value, out version);
    }

    private static bool TryParseDotted(string text, out PythonVersion version)
    {
        version = default;
        string[] parts = text.Split('.');
        if (parts.Length < 2 || !int.TryParse(parts[0], out int major) || !int.TryParse(parts[1], out int minor))
        {
            return false;
        }

        int patch = parts.Length > 2 && int.TryParse(parts[2], out int p) ? p : 0;
        version = new PythonVersion(major, minor, patch);
        return major is 2 or 3;
    }

    [GeneratedRegex(@"(?<![0-9.])([23]\.\d{1,2}\.\d{1,2})[a-z0-9+]* \(")]
    private static partial Regex VersionStringPattern();

    [GeneratedRegex(@"^(?:lib)?python([23]\.\d{1,2})")]
    private static partial Regex FileNamePattern();
}
