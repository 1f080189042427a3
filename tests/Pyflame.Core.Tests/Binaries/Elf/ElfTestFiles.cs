using System.Buffers.Binary;
using Pyflame.Core.Binaries.Elf;

namespace Pyflame.Core.Tests.Binaries.Elf;

/// <summary>Real binaries on this machine used by the ELF tests, plus byte-patching helpers.</summary>
internal static class ElfTestFiles
{
    public const string LibPython312 = "/root/.pyenv/versions/3.12.1/lib/libpython3.12.so.1.0";
    public const string LibPython27 = "/root/.pyenv/versions/2.7.18/lib/libpython2.7.so.1.0";
    public const string Python312Executable = "/root/.pyenv/versions/3.12.1/bin/python3.12";
    public const string DebianPython311 = "/usr/bin/python3.11";
    public const string Libc = "/lib/x86_64-linux-gnu/libc.so.6";

    private static readonly Lazy<byte[]> LibPython312Bytes = new(() => File.ReadAllBytes(LibPython312));

    /// <summary>The pyenv stub executable (~17 KB) that links libpython: small, with .dynsym, .symtab and .bss.</summary>
    private static readonly Lazy<byte[]> StubBytes = new(() => File.ReadAllBytes(Python312Executable));

    public static ElfFile Open(string path) => ElfFile.Parse(File.OpenRead(path));

    public static ElfFile Parse(byte[] bytes) => ElfFile.Parse(new MemoryStream(bytes, writable: false));

    /// <summary>A private copy of libpython3.12 (callers may patch or truncate it).</summary>
    public static byte[] CopyOfLibPython312() => (byte[])LibPython312Bytes.Value.Clone();

    public static byte[] CopyOfStub() => (byte[])StubBytes.Value.Clone();

    public static ulong SectionHeaderTableOffset(byte[] elf) => BinaryPrimitives.ReadUInt64LittleEndian(elf.AsSpan(40));

    /// <summary>File offset of section header <paramref name="index"/> (each one is 64 bytes).</summary>
    public static int SectionHeaderOffset(byte[] elf, int index) => checked((int)SectionHeaderTableOffset(elf) + (index * 64));
}
