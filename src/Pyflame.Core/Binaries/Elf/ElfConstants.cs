namespace Pyflame.Core.Binaries.Elf;

/// <summary>
/// Numeric values and record sizes from the ELF64 gABI (System V ABI, "Object Files" chapter, and
/// glibc's &lt;elf.h&gt;), plus the sanity limits this reader applies to untrusted input.
/// </summary>
internal static class ElfConstants
{
    public const int HeaderSize = 64;
    public const int ProgramHeaderSize = 56;
    public const int SectionHeaderSize = 64;
    public const int SymbolSize = 24;

    public const byte ClassElf64 = 2;
    public const byte ClassElf32 = 1;
    public const byte DataLittleEndian = 1;

    public const ushort TypeExecutable = 2;
    public const ushort TypeShared = 3;

    public const uint ProgramLoad = 1;
    public const uint ProgramDynamic = 2;

    /// <summary>d_tag values of the dynamic section: end, a needed library, the string table and its size.</summary>
    public const long DynamicNull = 0;
    public const long DynamicNeeded = 1;
    public const long DynamicStringTable = 5;
    public const long DynamicStringTableSize = 10;

    /// <summary>Each entry is d_tag + d_val, 8 bytes each.</summary>
    public const int DynamicEntrySize = 16;

    /// <summary>Real dynamic sections hold tens of entries and string tables some hundred KiB; far above both.</summary>
    public const ulong MaxDynamicBytes = 1UL << 20;
    public const ulong MaxDynamicStringBytes = 64UL << 20;

    public const uint SectionNull = 0;
    public const uint SectionSymbolTable = 2;
    public const uint SectionStringTable = 3;
    public const uint SectionNoBits = 8;
    public const uint SectionDynamicSymbols = 11;

    public const ushort SectionIndexUndefined = 0;

    /// <summary>e_shstrndx value meaning "the real index is in section 0's sh_link".</summary>
    public const ushort SectionIndexExtended = 0xffff;

    /// <summary>e_phnum value meaning "the real count is in section 0's sh_info".</summary>
    public const ushort ProgramCountExtended = 0xffff;

    public const ulong PageSize = 4096;

    /// <summary>
    /// Far above any linked binary (tens of sections) yet allows extended numbering (&gt; 0xff00);
    /// together with the file-length check it keeps corrupt counts from allocating much.
    /// </summary>
    public const ulong MaxSectionCount = 1 << 20;

    public const ulong MaxSectionNameTableBytes = 64UL << 20;

    /// <summary>Applies separately to a symbol table and its string table; both are read whole.</summary>
    public const ulong MaxSymbolTableBytes = 512UL << 20;
}
