namespace Pyflame.Core.Binaries.Elf;

/// <summary>
/// One entry of <c>.dynsym</c> or <c>.symtab</c>. <paramref name="Value"/> is the link-time virtual
/// address for symbols in ET_EXEC/ET_DYN files; add the load bias to get the runtime address.
/// </summary>
public readonly record struct ElfSymbol(
    string Name,
    ulong Value,
    ulong Size,
    ElfSymbolType Type,
    ElfSymbolBinding Binding,
    ushort SectionIndex);
