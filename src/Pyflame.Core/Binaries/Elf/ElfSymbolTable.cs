using System.Buffers.Binary;

namespace Pyflame.Core.Binaries.Elf;

/// <summary>
/// One symbol table section (.dynsym or .symtab) and its linked string table. Creation only validates
/// the headers; the bytes are read on first use and a name index is built on the first lookup.
/// Entries whose name offset is outside the string table are skipped, not fatal.
/// </summary>
internal sealed class ElfSymbolTable
{
    private readonly ElfStreamReader _reader;
    private readonly ElfRawSectionHeader _symbols;
    private readonly ElfRawSectionHeader _strings;
    private readonly Lock _gate = new();
    private Dictionary<string, ElfSymbol>? _definedByName;

    private ElfSymbolTable(ElfStreamReader reader, ElfRawSectionHeader symbols, ElfRawSectionHeader strings)
    {
        _reader = reader;
        _symbols = symbols;
        _strings = strings;
    }

    /// <summary>Validates entry size, size limits and the sh_link to a SHT_STRTAB section.</summary>
    public static ElfSymbolTable Create(ElfStreamReader reader, ElfSectionTable sections, int index)
    {
        ElfRawSectionHeader symbols = sections.RawHeaders[index];
        string name = sections.Sections[index].Name;
        if (symbols.EntrySize != ElfConstants.SymbolSize)
        {
            throw new ElfFormatException($"Symbol table '{name}' has sh_entsize {symbols.EntrySize}; expected {ElfConstants.SymbolSize}.");
        }

        if (symbols.Size > ElfConstants.MaxSymbolTableBytes)
        {
            throw new ElfFormatException($"Symbol table '{name}' is {symbols.Size} bytes, above the limit of {ElfConstants.MaxSymbolTableBytes}.");
        }

        if (symbols.Link >= (uint)sections.RawHeaders.Count || sections.RawHeaders[(int)symbols.Link].Type != ElfConstants.SectionStringTable)
        {
            throw new ElfFormatException($"Symbol table '{name}' links to section {symbols.Link}, which is not a string table.");
        }

        ElfRawSectionHeader strings = sections.RawHeaders[(int)symbols.Link];
        if (strings.Size > ElfConstants.MaxSymbolTableBytes)
        {
            throw new ElfFormatException($"String table of '{name}' is {strings.Size} bytes, above the limit of {ElfConstants.MaxSymbolTableBytes}.");
        }

        return new ElfSymbolTable(reader, symbols, strings);
    }

    /// <summary>All entries except the reserved null entry 0, including undefined ones.</summary>
    public IEnumerable<ElfSymbol> Enumerate()
    {
        // Both ranges were checked against the file when the section table was read.
        byte[] symbolBytes = _reader.ReadBlock(_symbols.Offset, _symbols.Size, ElfConstants.MaxSymbolTableBytes, "Symbol table");
        byte[] stringBytes = _reader.ReadBlock(_strings.Offset, _strings.Size, ElfConstants.MaxSymbolTableBytes, "Symbol string table");
        int count = symbolBytes.Length / ElfConstants.SymbolSize;
        for (int i = 1; i < count; i++)
        {
            if (TryDecode(symbolBytes.AsSpan(i * ElfConstants.SymbolSize, ElfConstants.SymbolSize), stringBytes, out ElfSymbol symbol))
            {
                yield return symbol;
            }
        }
    }

    public bool TryFindDefined(string name, out ElfSymbol symbol)
    {
        Dictionary<string, ElfSymbol> index;
        lock (_gate)
        {
            index = _definedByName ??= BuildDefinedIndex();
        }

        return index.TryGetValue(name, out symbol);
    }

    private Dictionary<string, ElfSymbol> BuildDefinedIndex()
    {
        var index = new Dictionary<string, ElfSymbol>(StringComparer.Ordinal);
        foreach (ElfSymbol symbol in Enumerate())
        {
            if (symbol.SectionIndex == ElfConstants.SectionIndexUndefined || symbol.Name.Length == 0
                || symbol.Type is ElfSymbolType.Section or ElfSymbolType.File)
            {
                continue;
            }

            // .symtab can hold several file-local statics with one name; a global definition wins,
            // otherwise the first one seen is kept so the result is deterministic.
            if (!index.TryGetValue(symbol.Name, out ElfSymbol existing)
                || (existing.Binding == ElfSymbolBinding.Local && symbol.Binding != ElfSymbolBinding.Local))
            {
                index[symbol.Name] = symbol;
            }
        }

        return index;
    }

    private static bool TryDecode(ReadOnlySpan<byte> entry, ReadOnlySpan<byte> strings, out ElfSymbol symbol)
    {
        symbol = default;
        uint nameOffset = BinaryPrimitives.ReadUInt32LittleEndian(entry);
        if (!ElfStringTable.TryGetString(strings, nameOffset, out string name))
        {
            return false;
        }

        byte info = entry[4];
        symbol = new ElfSymbol(
            Name: name,
            Value: BinaryPrimitives.ReadUInt64LittleEndian(entry[8..]),
            Size: BinaryPrimitives.ReadUInt64LittleEndian(entry[16..]),
            Type: DecodeType(info & 0xf),
            Binding: DecodeBinding(info >> 4),
            SectionIndex: BinaryPrimitives.ReadUInt16LittleEndian(entry[6..]));
        return true;
    }

    private static ElfSymbolType DecodeType(int value) => value switch
    {
        0 => ElfSymbolType.NoType,
        1 => ElfSymbolType.Object,
        2 => ElfSymbolType.Function,
        3 => ElfSymbolType.Section,
        4 => ElfSymbolType.File,
        5 => ElfSymbolType.Common,
        6 => ElfSymbolType.ThreadLocal,
        10 => ElfSymbolType.IndirectFunction,
        _ => ElfSymbolType.Other,
    };

    private static ElfSymbolBinding DecodeBinding(int value) => value switch
    {
        0 => ElfSymbolBinding.Local,
        1 => ElfSymbolBinding.Global,
        2 => ElfSymbolBinding.Weak,
        10 => ElfSymbolBinding.Unique,
        _ => ElfSymbolBinding.Other,
    };
}
