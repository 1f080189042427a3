using System.Buffers.Binary;
using System.Text;
using Pyflame.Core.Binaries.Elf;

namespace Pyflame.Core.Tests.Binaries.Elf;

/// <summary>Hand-made corruptions of real files: each must end in ElfFormatException (or a graceful false), nothing else.</summary>
public sealed class ElfCorruptInputTests
{
    // Field offsets inside one 64-byte Elf64_Shdr and one 56-byte Elf64_Phdr (gABI).
    private const int ShName = 0, ShOffset = 24, ShSize = 32, ShLink = 40, ShInfo = 44, ShEntSize = 56;
    private const int PhOffset = 8, PhFileSize = 32, PhMemSize = 40;

    private static readonly Dictionary<string, (string ExpectedMessage, Action<byte[]> Apply)> Corruptions = new()
    {
        ["e_shnum 0xff00 runs past the file"] = ("Section header table", elf => WriteU16(elf, 60, 0xff00)),
        ["extended e_shnum = 2^64-1"] = ("Section count", elf => { WriteU16(elf, 60, 0); WriteU64(elf, Section(elf, 0) + ShSize, ulong.MaxValue); }),
        ["e_shoff beyond the file"] = ("Section header 0", elf => WriteU64(elf, 40, 0xffff_ffff_ffff_0000)),
        ["e_shentsize 32"] = ("e_shentsize", elf => WriteU16(elf, 58, 32)),
        ["e_shstrndx 200"] = ("Section name table index", elf => WriteU16(elf, 62, 200)),
        ["name table offset out of range"] = ("outside the file", elf => WriteU64(elf, Section(elf, NameTableIndex(elf)) + ShOffset, 0xffff_ffff_ffff_ff00)),
        ["name table offset+size overflows"] = ("above the limit", elf => WriteU64(elf, Section(elf, NameTableIndex(elf)) + ShSize, ulong.MaxValue)),
        ["section name offset out of range"] = ("name offset", elf => WriteU32(elf, Section(elf, 5) + ShName, 0x00ff_ffff)),
        ["section data out of range"] = ("Section 5", elf => WriteU64(elf, Section(elf, 5) + ShOffset, 0x7fff_ffff_ffff)),
        ["symtab entry size 16"] = ("sh_entsize", elf => WriteU64(elf, Section(elf, SectionIndex(".symtab")) + ShEntSize, 16)),
        ["symtab links to itself"] = ("not a string table", elf => WriteU32(elf, Section(elf, SectionIndex(".symtab")) + ShLink, (uint)SectionIndex(".symtab"))),
        ["symtab links past the table"] = ("not a string table", elf => WriteU32(elf, Section(elf, SectionIndex(".symtab")) + ShLink, 9999)),
        ["symtab size 2^63"] = ("outside the file", elf => WriteU64(elf, Section(elf, SectionIndex(".symtab")) + ShSize, 1UL << 63)),
        ["e_phoff beyond the file"] = ("Program header table", elf => WriteU64(elf, 32, 0xffff_ffff_ffff_0000)),
        ["e_phentsize 7"] = ("e_phentsize", elf => WriteU16(elf, 54, 7)),
        ["extended e_phnum = 2^32-1"] = ("Program header table", elf => { WriteU16(elf, 56, 0xffff); WriteU32(elf, Section(elf, 0) + ShInfo, uint.MaxValue); }),
        ["PT_LOAD offset out of range"] = ("Program header", elf => WriteU64(elf, FirstLoad(elf) + PhOffset, 0xffff_ffff_ffff_ff00)),
        ["PT_LOAD filesz > memsz"] = ("p_memsz", elf => WriteU64(elf, FirstLoad(elf) + PhMemSize, 0)),
        ["PT_LOAD filesz beyond the file"] = ("outside the file", elf => { WriteU64(elf, FirstLoad(elf) + PhFileSize, 1 << 30); WriteU64(elf, FirstLoad(elf) + PhMemSize, 1 << 30); }),
    };

    public static TheoryData<string> CorruptionNames => new(Corruptions.Keys);

    /// <summary>Lengths to keep; negative values count back from the end of the real file.</summary>
    public static TheoryData<int> TruncationLengths => new(1, 3, 4, 16, 63, 64, 120, 4096, 1 << 20, 15_000_000, -64, -1);

    [Theory]
    [MemberData(nameof(CorruptionNames))]
    public void PatchedStub_ThrowsElfFormatException(string corruption)
    {
        var bytes = ElfTestFiles.CopyOfStub();
        var (expectedMessage, apply) = Corruptions[corruption];
        apply(bytes);

        var error = Assert.Throws<ElfFormatException>(() => ElfTestFiles.Parse(bytes));
        Assert.Contains(expectedMessage, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [MemberData(nameof(TruncationLengths))]
    public void TruncatedLibPython_ThrowsElfFormatException(int keep)
    {
        var bytes = ElfTestFiles.CopyOfLibPython312();
        int length = keep >= 0 ? keep : bytes.Length + keep;
        Assert.InRange(length, 1, bytes.Length - 1);

        Assert.Throws<ElfFormatException>(() => ElfTestFiles.Parse(bytes[..length]));
    }

    [Theory]
    [InlineData(new byte[0], "Not an ELF")]
    [InlineData(new byte[] { 0x7f, (byte)'E', (byte)'L' }, "Not an ELF")]
    [InlineData(new byte[] { 0x7f, (byte)'E', (byte)'L', (byte)'F', 2, 1 }, "Truncated ELF header")]
    public void TinyInputs_ThrowWithExplanation(byte[] bytes, string expectedMessageStart)
    {
        var error = Assert.Throws<ElfFormatException>(() => ElfTestFiles.Parse(bytes));
        Assert.StartsWith(expectedMessageStart, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TextFile_IsNotAnElf()
    {
        var error = Assert.Throws<ElfFormatException>(() => ElfTestFiles.Parse(Encoding.ASCII.GetBytes("not an ELF, just some text\n")));
        Assert.Contains("magic", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(4, 1, "32-bit")]
    [InlineData(4, 3, "Unknown ELF class")]
    [InlineData(5, 2, "little endian")]
    public void WrongClassOrEncoding_IsRejected(int index, byte value, string expectedFragment)
    {
        var bytes = ElfTestFiles.CopyOfStub();
        bytes[index] = value;

        var error = Assert.Throws<ElfFormatException>(() => ElfTestFiles.Parse(bytes));
        Assert.Contains(expectedFragment, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SymbolNameOffsetOutOfRange_SkipsOnlyThatSymbol()
    {
        var bytes = ElfTestFiles.CopyOfStub();
        int originalCount;
        using (var original = ElfTestFiles.Parse(bytes))
        {
            originalCount = original.EnumerateSymbols(".symtab").Count();
            Assert.True(original.TryFindSymbol("main", out _));
        }

        WriteU32(bytes, SymbolEntryOffset(bytes, "main"), 0xffff_fff0);

        using var patched = ElfTestFiles.Parse(bytes);
        Assert.False(patched.TryFindSymbol("main", out _));
        Assert.True(patched.TryFindSymbol("_start", out _));
        Assert.Equal(originalCount - 1, patched.EnumerateSymbols(".symtab").Count());
    }

    [Fact]
    public void ExtendedSectionNumbering_IsHonoured()
    {
        var bytes = ElfTestFiles.CopyOfStub();
        using var original = ElfTestFiles.Parse(bytes.ToArray());
        int count = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(60));
        int nameTable = NameTableIndex(bytes);

        WriteU16(bytes, 60, 0);
        WriteU64(bytes, Section(bytes, 0) + ShSize, (ulong)count);
        WriteU16(bytes, 62, 0xffff);
        WriteU32(bytes, Section(bytes, 0) + ShLink, (uint)nameTable);

        using var extended = ElfTestFiles.Parse(bytes);
        Assert.Equal(original.Sections.Skip(1), extended.Sections.Skip(1));
        Assert.True(extended.TryFindSymbol("main", out _));
    }

    [Fact]
    public void NoSectionHeaders_StillReadsSegments()
    {
        var bytes = ElfTestFiles.CopyOfStub();
        WriteU64(bytes, 40, 0);
        WriteU16(bytes, 60, 0);

        using var elf = ElfTestFiles.Parse(bytes);
        Assert.Empty(elf.Sections);
        Assert.False(elf.TryFindSymbol("_start", out _));
        Assert.True(elf.TryReadVirtual(1, new byte[3]));
    }

    [Fact]
    public void FailedParse_DisposesTheStream()
    {
        var stream = new MemoryStream(Encoding.ASCII.GetBytes("garbage"));

        Assert.Throws<ElfFormatException>(() => ElfFile.Parse(stream));
        Assert.False(stream.CanRead);
    }

    private static int Section(byte[] elf, int index) => ElfTestFiles.SectionHeaderOffset(elf, index);

    private static int NameTableIndex(byte[] elf) => BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(62));

    private static int SectionIndex(string name)
    {
        using var elf = ElfTestFiles.Open(ElfTestFiles.Python312Executable);
        return elf.Sections.ToList().FindIndex(section => section.Name == name);
    }

    private static int FirstLoad(byte[] elf)
    {
        int tableOffset = (int)BinaryPrimitives.ReadUInt64LittleEndian(elf.AsSpan(32));
        int count = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(56));
        for (int i = 0; i < count; i++)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(elf.AsSpan(tableOffset + (i * 56))) == 1)
            {
                return tableOffset + (i * 56);
            }
        }

        throw new InvalidOperationException("stub has no PT_LOAD");
    }

    /// <summary>File offset of the .symtab entry named <paramref name="name"/>, found by decoding the raw table.</summary>
    private static int SymbolEntryOffset(byte[] elf, string name)
    {
        using var parsed = ElfTestFiles.Parse(elf.ToArray());
        var symtab = parsed.FindSection(".symtab")!;
        var strtab = parsed.FindSection(".strtab")!;
        var expected = Encoding.ASCII.GetBytes(name + "\0");
        for (int entry = (int)symtab.Offset; entry < (int)(symtab.Offset + symtab.Size); entry += 24)
        {
            int nameStart = (int)strtab.Offset + (int)BinaryPrimitives.ReadUInt32LittleEndian(elf.AsSpan(entry));
            if (elf.AsSpan(nameStart).StartsWith(expected))
            {
                return entry;
            }
        }

        throw new InvalidOperationException($"{name} not in .symtab");
    }

    private static void WriteU16(byte[] elf, int offset, ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(elf.AsSpan(offset), value);

    private static void WriteU32(byte[] elf, int offset, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(elf.AsSpan(offset), value);

    private static void WriteU64(byte[] elf, int offset, ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(elf.AsSpan(offset), value);
}
