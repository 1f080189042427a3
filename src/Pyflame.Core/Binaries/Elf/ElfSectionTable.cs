namespace Pyflame.Core.Binaries.Elf;

/// <summary>
/// The section header table with resolved names. Reading it validates the table location, the
/// count (including gABI extended numbering), the name table, every name offset and every section's
/// file range, so later code can trust <see cref="ElfSection.Offset"/> and <see cref="ElfSection.Size"/>.
/// </summary>
internal sealed class ElfSectionTable
{
    private ElfSectionTable(IReadOnlyList<ElfSection> sections, IReadOnlyList<ElfRawSectionHeader> rawHeaders)
    {
        Sections = sections;
        RawHeaders = rawHeaders;
    }

    public static ElfSectionTable Empty { get; } = new([], []);

    public IReadOnlyList<ElfSection> Sections { get; }

    public IReadOnlyList<ElfRawSectionHeader> RawHeaders { get; }

    public static ElfSectionTable Read(ElfStreamReader reader, ElfHeader header)
    {
        if (header.SectionHeaderOffset == 0)
        {
            return Empty; // No section headers at all (allowed by the gABI, e.g. sstrip'ed files).
        }

        if (header.SectionHeaderEntrySize != ElfConstants.SectionHeaderSize)
        {
            throw new ElfFormatException(
                $"e_shentsize is {header.SectionHeaderEntrySize}; ELF64 section headers are {ElfConstants.SectionHeaderSize} bytes.");
        }

        ElfRawSectionHeader first = ElfRawSectionHeader.Decode(
            reader.ReadBlock(header.SectionHeaderOffset, ElfConstants.SectionHeaderSize, ElfConstants.SectionHeaderSize, "Section header 0"));

        // gABI extended numbering: e_shnum == 0 means the count is in section 0's sh_size.
        ulong count = header.SectionHeaderCount != 0 ? header.SectionHeaderCount : first.Size;
        if (count > ElfConstants.MaxSectionCount)
        {
            throw new ElfFormatException($"Section count {count} exceeds the limit of {ElfConstants.MaxSectionCount}.");
        }

        byte[] table = reader.ReadBlock(
            header.SectionHeaderOffset,
            count * ElfConstants.SectionHeaderSize,
            ElfConstants.MaxSectionCount * ElfConstants.SectionHeaderSize,
            $"Section header table ({count} entries)");

        var rawHeaders = new ElfRawSectionHeader[count];
        for (int i = 0; i < rawHeaders.Length; i++)
        {
            rawHeaders[i] = ElfRawSectionHeader.Decode(table.AsSpan(i * ElfConstants.SectionHeaderSize, ElfConstants.SectionHeaderSize));
        }

        byte[] names = ReadNameTable(reader, header, first, rawHeaders);
        var sections = new ElfSection[count];
        for (int i = 0; i < rawHeaders.Length; i++)
        {
            ElfRawSectionHeader raw = rawHeaders[i];
            string name = string.Empty;
            if (names.Length > 0 && !ElfStringTable.TryGetString(names, raw.NameOffset, out name))
            {
                throw new ElfFormatException($"Section {i} has name offset 0x{raw.NameOffset:x} outside the section name table.");
            }

            if (raw.HasFileData && !reader.Contains(raw.Offset, raw.Size))
            {
                throw new ElfFormatException(
                    $"Section {i} '{name}' (offset 0x{raw.Offset:x}, size 0x{raw.Size:x}) lies outside the file (length 0x{reader.Length:x}).");
            }

            sections[i] = new ElfSection(name, raw.Type, raw.Flags, raw.Address, raw.Offset, raw.Size);
        }

        return new ElfSectionTable(sections, rawHeaders);
    }

    private static byte[] ReadNameTable(ElfStreamReader reader, ElfHeader header, ElfRawSectionHeader first, ElfRawSectionHeader[] rawHeaders)
    {
        // gABI extended numbering: SHN_XINDEX in e_shstrndx means the index is in section 0's sh_link.
        uint index = header.SectionNameTableIndex == ElfConstants.SectionIndexExtended ? first.Link : header.SectionNameTableIndex;
        if (index == ElfConstants.SectionIndexUndefined)
        {
            return []; // No section name table: every section is unnamed.
        }

        if (index >= (uint)rawHeaders.Length)
        {
            throw new ElfFormatException($"Section name table index {index} is not below the section count {rawHeaders.Length}.");
        }

        ElfRawSectionHeader nameTable = rawHeaders[index];
        if (nameTable.Type != ElfConstants.SectionStringTable)
        {
            throw new ElfFormatException($"Section name table (section {index}) has type {nameTable.Type}, not SHT_STRTAB.");
        }

        return reader.ReadBlock(nameTable.Offset, nameTable.Size, ElfConstants.MaxSectionNameTableBytes, "Section name table");
    }
}
