using System.Buffers.Binary;

namespace Pyflame.Core.Binaries.Elf;

/// <summary>
/// Reads and validates the program header table: each segment's file range must lie inside the file,
/// and a PT_LOAD segment must not claim more file bytes than memory bytes or wrap the address space.
/// </summary>
internal static class ElfProgramHeaderReader
{
    public static ElfProgramHeader[] Read(ElfStreamReader reader, ElfHeader header, ElfSectionTable sections)
    {
        // gABI extended numbering: e_phnum == PN_XNUM means the count is in section 0's sh_info.
        ulong count = header.ProgramHeaderCount;
        if (count == ElfConstants.ProgramCountExtended && sections.RawHeaders.Count > 0)
        {
            count = sections.RawHeaders[0].Info;
        }

        if (count == 0)
        {
            return [];
        }

        if (header.ProgramHeaderEntrySize != ElfConstants.ProgramHeaderSize)
        {
            throw new ElfFormatException(
                $"e_phentsize is {header.ProgramHeaderEntrySize}; ELF64 program headers are {ElfConstants.ProgramHeaderSize} bytes.");
        }

        // count is at most uint.MaxValue, so the product cannot overflow; ReadBlock checks the file length.
        byte[] table = reader.ReadBlock(
            header.ProgramHeaderOffset,
            count * ElfConstants.ProgramHeaderSize,
            reader.Length,
            $"Program header table ({count} entries)");

        var headers = new ElfProgramHeader[count];
        for (int i = 0; i < headers.Length; i++)
        {
            ReadOnlySpan<byte> entry = table.AsSpan(i * ElfConstants.ProgramHeaderSize, ElfConstants.ProgramHeaderSize);
            var programHeader = new ElfProgramHeader(
                Type: BinaryPrimitives.ReadUInt32LittleEndian(entry),
                Flags: BinaryPrimitives.ReadUInt32LittleEndian(entry[4..]),
                Offset: BinaryPrimitives.ReadUInt64LittleEndian(entry[8..]),
                VirtualAddress: BinaryPrimitives.ReadUInt64LittleEndian(entry[16..]),
                FileSize: BinaryPrimitives.ReadUInt64LittleEndian(entry[32..]),
                MemorySize: BinaryPrimitives.ReadUInt64LittleEndian(entry[40..]));
            Validate(reader, programHeader, i);
            headers[i] = programHeader;
        }

        return headers;
    }

    private static void Validate(ElfStreamReader reader, ElfProgramHeader programHeader, int index)
    {
        if (!reader.Contains(programHeader.Offset, programHeader.FileSize))
        {
            throw new ElfFormatException(
                $"Program header {index} (offset 0x{programHeader.Offset:x}, file size 0x{programHeader.FileSize:x}) lies outside the file (length 0x{reader.Length:x}).");
        }

        if (programHeader.Type != ElfConstants.ProgramLoad)
        {
            return;
        }

        if (programHeader.FileSize > programHeader.MemorySize)
        {
            throw new ElfFormatException(
                $"PT_LOAD {index} has p_filesz 0x{programHeader.FileSize:x} larger than p_memsz 0x{programHeader.MemorySize:x}.");
        }

        if (programHeader.MemorySize > ulong.MaxValue - programHeader.VirtualAddress)
        {
            throw new ElfFormatException($"PT_LOAD {index} wraps past the end of the address space.");
        }
    }
}
