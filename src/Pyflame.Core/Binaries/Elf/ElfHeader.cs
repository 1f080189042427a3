using System.Buffers.Binary;

namespace Pyflame.Core.Binaries.Elf;

/// <summary>The fields of the 64-byte ELF64 file header (Elf64_Ehdr) that this reader uses.</summary>
internal readonly record struct ElfHeader(
    ushort Type,
    ulong ProgramHeaderOffset,
    ulong SectionHeaderOffset,
    ushort ProgramHeaderEntrySize,
    ushort ProgramHeaderCount,
    ushort SectionHeaderEntrySize,
    ushort SectionHeaderCount,
    ushort SectionNameTableIndex)
{
    /// <summary>Decodes and validates e_ident; throws <see cref="ElfFormatException"/> for anything but ELF64 LE.</summary>
    public static ElfHeader Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 4 || bytes[0] != 0x7f || bytes[1] != (byte)'E' || bytes[2] != (byte)'L' || bytes[3] != (byte)'F')
        {
            throw new ElfFormatException("Not an ELF file: the magic bytes 7f 45 4c 46 are missing.");
        }

        if (bytes.Length < ElfConstants.HeaderSize)
        {
            throw new ElfFormatException($"Truncated ELF header: {bytes.Length} of {ElfConstants.HeaderSize} bytes.");
        }

        byte elfClass = bytes[4];
        if (elfClass == ElfConstants.ClassElf32)
        {
            throw new ElfFormatException("32-bit ELF files are not supported (EI_CLASS = ELFCLASS32).");
        }

        if (elfClass != ElfConstants.ClassElf64)
        {
            throw new ElfFormatException($"Unknown ELF class {elfClass} (EI_CLASS); expected ELFCLASS64.");
        }

        if (bytes[5] != ElfConstants.DataLittleEndian)
        {
            throw new ElfFormatException($"Unsupported ELF data encoding {bytes[5]} (EI_DATA); expected little endian.");
        }

        return new ElfHeader(
            Type: BinaryPrimitives.ReadUInt16LittleEndian(bytes[16..]),
            ProgramHeaderOffset: BinaryPrimitives.ReadUInt64LittleEndian(bytes[32..]),
            SectionHeaderOffset: BinaryPrimitives.ReadUInt64LittleEndian(bytes[40..]),
            ProgramHeaderEntrySize: BinaryPrimitives.ReadUInt16LittleEndian(bytes[54..]),
            ProgramHeaderCount: BinaryPrimitives.ReadUInt16LittleEndian(bytes[56..]),
            SectionHeaderEntrySize: BinaryPrimitives.ReadUInt16LittleEndian(bytes[58..]),
            SectionHeaderCount: BinaryPrimitives.ReadUInt16LittleEndian(bytes[60..]),
            SectionNameTableIndex: BinaryPrimitives.ReadUInt16LittleEndian(bytes[62..]));
    }
}
