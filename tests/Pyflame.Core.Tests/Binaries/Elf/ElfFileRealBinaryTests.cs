using System.Buffers.Binary;
using Pyflame.Core.Binaries.Elf;

namespace Pyflame.Core.Tests.Binaries.Elf;

public sealed class ElfFileRealBinaryTests
{
    [Fact]
    public void LibPython312_RuntimeLiesInPyRuntimeSection_AndPyVersionIsReadFromRodata()
    {
        using var elf = ElfTestFiles.Open(ElfTestFiles.LibPython312);

        Assert.Equal(ElfFileType.SharedObject, elf.FileType);
        Assert.Equal(0UL, elf.FirstLoadVirtualAddress);
        Assert.True(elf.TryFindSymbol("_PyRuntime", out var runtime));
        Assert.Equal(ElfSymbolBinding.Global, runtime.Binding);
        Assert.Equal(ElfSymbolType.Object, runtime.Type);

        var section = elf.FindSection(".PyRuntime");
        Assert.NotNull(section);
        Assert.Equal(section, elf.Sections[runtime.SectionIndex]);
        Assert.InRange(runtime.Value, section.Address, section.Address + section.Size - 1);

        Assert.Equal(0x030c01f0u, ReadPyVersion(elf));
    }

    [Fact]
    public void LibPython27_FindsLocalInterpHeadInSymtab_AndGlobalThreadStateInDynsym()
    {
        using var elf = ElfTestFiles.Open(ElfTestFiles.LibPython27);

        Assert.True(elf.TryFindSymbol("interp_head", out var interpHead));
        Assert.Equal(ElfSymbolBinding.Local, interpHead.Binding);
        Assert.DoesNotContain(elf.EnumerateSymbols(".dynsym"), symbol => symbol.Name == "interp_head");
        Assert.Contains(elf.EnumerateSymbols(".symtab"), symbol => symbol.Name == "interp_head" && symbol.Value == interpHead.Value);

        Assert.True(elf.TryFindSymbol("_PyThreadState_Current", out var current));
        Assert.Equal(ElfSymbolBinding.Global, current.Binding);
        Assert.Contains(elf.EnumerateSymbols(".dynsym"), symbol => symbol.Name == "_PyThreadState_Current" && symbol.Value == current.Value);

        // Both live in .bss: no file bytes to read there.
        Assert.Equal(".bss", elf.Sections[interpHead.SectionIndex].Name);
        Assert.False(elf.TryReadVirtual(interpHead.Value, new byte[8]));
    }

    [Fact]
    public void DebianPython311_IsNonPieStrippedExecutable_WithRuntimeInDynsym()
    {
        using var elf = ElfTestFiles.Open(ElfTestFiles.DebianPython311);

        Assert.Equal(ElfFileType.Executable, elf.FileType);
        Assert.Null(elf.FindSection(".symtab"));
        Assert.Empty(elf.EnumerateSymbols(".symtab"));
        Assert.True(elf.TryFindSymbol("_PyRuntime", out var runtime));
        Assert.Contains(elf.EnumerateSymbols(".dynsym"), symbol => symbol.Name == "_PyRuntime" && symbol.Value == runtime.Value);
        Assert.Equal(0x400000UL, elf.FirstLoadVirtualAddress);
        Assert.Equal(0UL, elf.ComputeLoadBias(0x400000));
        Assert.Equal(0x030b02f0u, ReadPyVersion(elf));
    }

    [Fact]
    public void Libc_PthreadTidOffsetFromThreadDbDescriptor_Is720()
    {
        using var elf = ElfTestFiles.Open(ElfTestFiles.Libc);

        Assert.True(GlibcThreadDb.TryGetPthreadTidOffset(elf, out int offset));
        Assert.Equal(720, offset);
    }

    [Fact]
    public void PythonStub_HasNoThreadDbDescriptor()
    {
        using var elf = ElfTestFiles.Open(ElfTestFiles.Python312Executable);

        Assert.False(GlibcThreadDb.TryGetPthreadTidOffset(elf, out int offset));
        Assert.Equal(0, offset);
    }

    [Fact]
    public void TryFindSymbol_IgnoresUndefinedAndUnknownNames()
    {
        using var elf = ElfTestFiles.Open(ElfTestFiles.LibPython312);

        // libpython imports malloc from libc: present in .dynsym, but undefined (SHN_UNDEF).
        Assert.Contains(elf.EnumerateSymbols(".dynsym"), symbol => symbol.Name == "malloc" && symbol.SectionIndex == 0);
        Assert.False(elf.TryFindSymbol("malloc", out _));
        Assert.False(elf.TryFindSymbol("no_such_symbol_anywhere", out var missing));
        Assert.Equal(default, missing);
        Assert.Empty(elf.EnumerateSymbols(".no_such_table"));
    }

    [Fact]
    public void TryReadVirtual_RejectsRangesOutsideFileBackedSegments()
    {
        using var elf = ElfTestFiles.Open(ElfTestFiles.LibPython312);
        var bss = elf.FindSection(".bss")!;
        var lastLoad = elf.ProgramHeaders.Where(header => header.Type == 1).MaxBy(header => header.VirtualAddress)!;
        ulong endOfFileData = lastLoad.VirtualAddress + lastLoad.FileSize;

        Assert.False(elf.TryReadVirtual(bss.Address + 16, new byte[8]));
        Assert.False(elf.TryReadVirtual(endOfFileData - 4, new byte[8]));
        Assert.True(elf.TryReadVirtual(endOfFileData - 8, new byte[8]));
        Assert.False(elf.TryReadVirtual(ulong.MaxValue - 2, new byte[8]));

        var header = new byte[4];
        Assert.True(elf.TryReadVirtual(0, header));
        Assert.Equal(new byte[] { 0x7f, (byte)'E', (byte)'L', (byte)'F' }, header);
    }

    [Fact]
    public void ComputeLoadBias_ForSharedObject_IsTheMappingStart()
    {
        using var elf = ElfTestFiles.Open(ElfTestFiles.LibPython312);

        Assert.Equal(0x7f12_3456_7000UL, elf.ComputeLoadBias(0x7f12_3456_7000UL));
    }

    [Fact]
    public void Dispose_ClosesTheOwnedStream()
    {
        var stream = File.OpenRead(ElfTestFiles.Python312Executable);
        var elf = ElfFile.Parse(stream);

        elf.Dispose();

        Assert.False(stream.CanRead);
        Assert.Throws<ObjectDisposedException>(() => elf.TryReadVirtual(0, new byte[4]));
    }

    private static uint ReadPyVersion(ElfFile elf)
    {
        Assert.True(elf.TryFindSymbol("Py_Version", out var pyVersion));
        Assert.Equal(".rodata", elf.Sections[pyVersion.SectionIndex].Name);
        var bytes = new byte[4];
        Assert.True(elf.TryReadVirtual(pyVersion.Value, bytes));
        return BinaryPrimitives.ReadUInt32LittleEndian(bytes);
    }
}
