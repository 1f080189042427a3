namespace Pyflame.Core.Binaries.Elf;

/// <summary>
/// One section header. <paramref name="Type"/> is the raw <c>sh_type</c> (e.g. 8 = SHT_NOBITS, for
/// .bss-like sections that have no bytes in the file). For any other type, Offset + Size was checked
/// to lie inside the file.
/// </summary>
public sealed record ElfSection(string Name, uint Type, ulong Flags, ulong Address, ulong Offset, ulong Size);
