namespace Pyflame.Core.Binaries.Elf;

/// <summary>
/// A minimal ELF64 little-endian reader: headers, sections, symbols and file-backed bytes at a
/// link-time address. <see cref="Parse"/> validates every header field it relies on, so corrupt
/// input surfaces as <see cref="ElfFormatException"/> and never as a hang or a huge allocation.
/// Symbol tables are read on first use. Thread-safe for concurrent reads.
/// </summary>
public sealed class ElfFile : IDisposable
{
    private const string DynamicSymbolTableName = ".dynsym";
    private const string StaticSymbolTableName = ".symtab";

    private readonly ElfStreamReader _reader;
    private readonly Dictionary<string, ElfSymbolTable> _symbolTablesByName;
    private readonly ElfProgramHeader[] _loadSegments;

    private ElfFile(
        ElfStreamReader reader,
        ElfFileType fileType,
        IReadOnlyList<ElfProgramHeader> programHeaders,
        IReadOnlyList<ElfSection> sections,
        Dictionary<string, ElfSymbolTable> symbolTablesByName)
    {
        _reader = reader;
        FileType = fileType;
        ProgramHeaders = programHeaders;
        Sections = sections;
        _symbolTablesByName = symbolTablesByName;
        _loadSegments = programHeaders.Where(header => header.Type == ElfConstants.ProgramLoad).ToArray();

        // Without PT_LOAD (e.g. a relocatable object) nothing is mapped; 0 keeps the bias arithmetic defined.
        FirstLoadVirtualAddress = _loadSegments.Length == 0
            ? 0
            : _loadSegments.Min(header => header.VirtualAddress) & ~(ElfConstants.PageSize - 1);
    }

    public ElfFileType FileType { get; }

    public IReadOnlyList<ElfProgramHeader> ProgramHeaders { get; }

    public IReadOnlyList<ElfSection> Sections { get; }

    /// <summary>The lowest PT_LOAD p_vaddr rounded down to a 4 KiB page (0 for PIE/.so, 0x400000 for classic ET_EXEC).</summary>
    public ulong FirstLoadVirtualAddress { get; }

    /// <summary>
    /// Parses the headers of a seekable stream. The returned file owns the stream; if parsing fails the
    /// stream is disposed too. Throws <see cref="ElfFormatException"/> for non-ELF, 32-bit, big-endian,
    /// truncated or inconsistent input.
    /// </summary>
    public static ElfFile Parse(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek || !stream.CanRead)
        {
            throw new ArgumentException("The ELF stream must be readable and seekable.", nameof(stream));
        }

        var reader = new ElfStreamReader(stream);
        try
        {
            byte[] headerBytes = new byte[(int)Math.Min(reader.Length, ElfConstants.HeaderSize)];
            if (!reader.TryRead(0, headerBytes))
            {
                throw new ElfFormatException("The ELF header could not be read.");
            }

            ElfHeader header = ElfHeader.Parse(headerBytes);
            ElfSectionTable sectionTable = ElfSectionTable.Read(reader, header);
            ElfProgramHeader[] programHeaders = ElfProgramHeaderReader.Read(reader, header, sectionTable);
            Dictionary<string, ElfSymbolTable> symbolTables = CreateSymbolTables(reader, sectionTable);
            return new ElfFile(reader, ToFileType(header.Type), programHeaders, sectionTable.Sections, symbolTables);
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    /// <summary>The first section with this exact name, or null.</summary>
    public ElfSection? FindSection(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Sections.FirstOrDefault(section => string.Equals(section.Name, name, StringComparison.Ordinal));
    }

    /// <summary>
    /// Looks up a defined symbol (st_shndx != SHN_UNDEF) in <c>.dynsym</c>, then <c>.symtab</c>.
    /// The first call per table reads it; each lookup is one pass over its entries (see <see cref="ElfSymbolTable.TryFindDefined"/>).
    /// </summary>
    public bool TryFindSymbol(string name, out ElfSymbol symbol)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (string tableName in new[] { DynamicSymbolTableName, StaticSymbolTableName })
        {
            if (_symbolTablesByName.TryGetValue(tableName, out ElfSymbolTable? table) && table.TryFindDefined(name, out symbol))
            {
                return true;
            }
        }

        symbol = default;
        return false;
    }

    /// <summary>Every entry (defined or not, except the null entry 0) of the named table; empty if there is no such table.</summary>
    public IEnumerable<ElfSymbol> EnumerateSymbols(string tableName)
    {
        ArgumentNullException.ThrowIfNull(tableName);
        return _symbolTablesByName.TryGetValue(tableName, out ElfSymbolTable? table) ? table.Enumerate() : [];
    }

    /// <summary>
    /// runtime address = link-time address + bias, where bias = start of the mapping of this file at
    /// file offset 0 minus <see cref="FirstLoadVirtualAddress"/> (docs/cpython-internals.md §1.2).
    /// </summary>
    public ulong ComputeLoadBias(ulong offsetZeroMappingStart) => unchecked(offsetZeroMappingStart - FirstLoadVirtualAddress);

    /// <summary>
    /// Copies file-backed bytes at a link-time virtual address. False if no single PT_LOAD holds the
    /// whole range in its file part (e.g. .bss, which is zero-filled memory, or unmapped addresses).
    /// </summary>
    public bool TryReadVirtual(ulong virtualAddress, Span<byte> destination)
    {
        ulong length = (ulong)destination.Length;
        foreach (ElfProgramHeader segment in _loadSegments)
        {
            if (virtualAddress >= segment.VirtualAddress
                && length <= segment.FileSize
                && virtualAddress - segment.VirtualAddress <= segment.FileSize - length)
            {
                return _reader.TryRead(segment.Offset + (virtualAddress - segment.VirtualAddress), destination);
            }
        }

        return false;
    }

    /// <summary>
    /// The libraries the file names as DT_NEEDED (what the dynamic loader maps before the program runs);
    /// empty for a static file. Throws <see cref="ElfFormatException"/> for a corrupt dynamic segment.
    /// </summary>
    public IReadOnlyList<string> ReadNeededLibraries() => ElfDynamicSection.ReadNeeded(_reader, this);

    public void Dispose() => _reader.Dispose();

    private static Dictionary<string, ElfSymbolTable> CreateSymbolTables(ElfStreamReader reader, ElfSectionTable sectionTable)
    {
        var tables = new Dictionary<string, ElfSymbolTable>(StringComparer.Ordinal);
        for (int i = 0; i < sectionTable.RawHeaders.Count; i++)
        {
            uint type = sectionTable.RawHeaders[i].Type;
            if (type is ElfConstants.SectionSymbolTable or ElfConstants.SectionDynamicSymbols)
            {
                tables.TryAdd(sectionTable.Sections[i].Name, ElfSymbolTable.Create(reader, sectionTable, i));
            }
        }

        return tables;
    }

    private static ElfFileType ToFileType(ushort type) => type switch
    {
        ElfConstants.TypeExecutable => ElfFileType.Executable,
        ElfConstants.TypeShared => ElfFileType.SharedObject,
        _ => ElfFileType.Other,
    };
}
