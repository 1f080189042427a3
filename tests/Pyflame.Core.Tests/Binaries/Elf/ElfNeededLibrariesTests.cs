using Pyflame.Core.Binaries.Elf;

namespace Pyflame.Core.Tests.Binaries.Elf;

/// <summary>DT_NEEDED from real binaries of this machine, and a corrupt dynamic segment.</summary>
public sealed class ElfNeededLibrariesTests
{
    [Fact]
    public void Pyenv_stub_executable_needs_its_libpython_and_libc()
    {
        using ElfFile elf = ElfTestFiles.Open(ElfTestFiles.Python312Executable);

        IReadOnlyList<string> needed = elf.ReadNeededLibraries();

        Assert.Contains("libpython3.12.so.1.0", needed);
        Assert.Contains("libc.so.6", needed);
    }

    [Fact]
    public void Debian_static_python_needs_no_libpython()
    {
        using ElfFile elf = ElfTestFiles.Open(ElfTestFiles.DebianPython311);

        IReadOnlyList<string> needed = elf.ReadNeededLibraries();

        Assert.Contains("libc.so.6", needed);
        Assert.DoesNotContain(needed, name => name.StartsWith("libpython", StringComparison.Ordinal));
    }

    [Fact]
    public void A_string_table_size_beyond_the_limit_is_a_format_error()
    {
        byte[] stub = ElfTestFiles.CopyOfStub();
        using (ElfFile elf = ElfTestFiles.Parse(stub))
        {
            ElfProgramHeader dynamic = elf.ProgramHeaders.Single(h => h.Type == 2);
            int entry = FindEntry(stub, (int)dynamic.Offset, tag: 10); // DT_STRSZ
            BitConverter.TryWriteBytes(stub.AsSpan(entry + 8), ulong.MaxValue);
        }

        using ElfFile corrupt = ElfTestFiles.Parse(stub);
        Assert.Throws<ElfFormatException>(() => corrupt.ReadNeededLibraries());
    }

    private static int FindEntry(byte[] elf, int offset, long tag)
    {
        for (int at = offset; ; at += 16)
        {
            long current = BitConverter.ToInt64(elf, at);
            Assert.NotEqual(0, current);
            if (current == tag)
            {
                return at;
            }
        }
    }
}
