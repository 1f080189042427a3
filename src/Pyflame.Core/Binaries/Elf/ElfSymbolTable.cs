using System.Buffers.Binary;
using System.Text;

namespace Pyflame.Core.Binaries.Elf;

/// <summary>
/// One symbol table section (.dynsym or .symtab) and its linked string table. Creation only validates
/// the headers; the bytes are read on first use.
/// Entries whose name offset is outside the string table are skipped, not fatal.
/// </summary>
internal sealed class ElfSymbolTable
{
    private readonly ElfStreamReader _reader;
    private readonly ElfRawSectionHeader _symbols;
    private readonly ElfRawSectionHeader _strings;
    private readonly Lock _gate = new();
    private (byte[] Symbols, byte[] Strings)? _contents;

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

    /// <summary>
    /// The defined symbol named <paramref name="name"/>: a global (or weak) definition wins, otherwise the first local
    /// one (.symtab can hold several file-local statics with one name), so the result is deterministic. Names are
    /// compared as bytes in the table, without decoding the others: a lookup costs one pass over the entries, where
    /// indexing every name (15 000 in a libpython .symtab) cost milliseconds of every attach.
    /// </summary>
    public bool TryFindDefined(string name, out ElfSymbol symbol)
    {
        symbol = default;
        if (name.Length == 0)
        {
            return false;
        }

        (byte[] symbolBytes, byte[] stringBytes) = Contents();
        byte[] wanted = Encoding.UTF8.GetBytes(name);
        int count = symbolBytes.Length / ElfConstants.SymbolSize;
        int firstLocal = -1;
        for (int i = 1; i < count; i++)
        {
            ReadOnlySpan<byte> entry = symbolBytes.AsSpan(i * ElfConstants.SymbolSize, ElfConstants.SymbolSize);
            if (!IsDefinition(entry) || !NameIs(stringBytes, BinaryPrimitives.ReadUInt32LittleEndian(entry), wanted))
            {
                continue;
            }

            if (DecodeBinding(entry[4] >> 4) != ElfSymbolBinding.Local)
            {
                return TryDecode(entry, stringBytes, out symbol);
            }

            firstLocal = firstLocal < 0 ? i : firstLocal;
        }

        return firstLocal >= 0 && TryDecode(symbolBytes.AsSpan(firstLocal * ElfConstants.SymbolSize, ElfConstants.SymbolSize), stringBytes, out symbol);
    }

    /// <summary>The table's and its strings' bytes, read once (lookups come in a burst while attaching).</summary>
    private (byte[] Symbols, byte[] Strings) Contents()
    {
        lock (_gate)
        {
            return _contents ??= (
                _reader.ReadBlock(_symbols.Offset, _symbols.Size, ElfConstants.MaxSymbolTableBytes, "Symbol table"),
                _reader.ReadBlock(_strings.Offset, _strings.Size, ElfConstants.MaxSymbolTableBytes, "Symbol string table"));
        }
    }

    /// <summary>A definition (st_shndx != SHN_UNDEF) of something with a name of its own: not a section or file entry.</summary>
    private static bool IsDefinition(ReadOnlySpan<byte> entry)
    {
        ElfSymbolType type = DecodeType(entry[4] & 0xf);
        return BinaryPrimitives.ReadUInt16LittleEndian(entry[6..]) != ElfConstants.SectionIndexUndefined
            && type is not (ElfSymbolType.Section or ElfSymbolType.File);
    }

    /// <summary>True when the NUL-terminated name at <paramref name="offset"/> is exactly <paramref name="wanted"/>.</summary>
    private static bool NameIs(ReadOnlySpan<byte> strings, uint offset, ReadOnlySpan<byte> wanted) =>
        offset < (uint)strings.Length
        && (uint)strings.Length - offset > (uint)wanted.Length
        && strings[(int)offset + wanted.Length] == 0
        && strings.Slice((int)offset, wanted.Length).SequenceEqual(wanted);

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
