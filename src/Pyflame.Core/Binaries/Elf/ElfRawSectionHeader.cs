using System.Buffers.Binary;

namespace Pyflame.Core.Binaries.Elf;

/// <summary>One Elf64_Shdr as stored, including the link fields the public <see cref="ElfSection"/> omits.</summary>
internal readonly record struct ElfRawSectionHeader(
    uint NameOffset,
    uint Type,
    ulong Flags,
    ulong Address,
    ulong Offset,
    ulong Size,
    uint Link,
    uint Info,
    ulong EntrySize)
{
    /// <summary>True when the section occupies bytes in the file (not SHT_NULL, not SHT_NOBITS).</summary>
    public bool HasFileData => Type != ElfConstants.SectionNull && Type != ElfConstants.SectionNoBits;

    public static ElfRawSectionHeader Decode(ReadOnlySpan<byte> bytes) => new(
        NameOffset: BinaryPrimitives.ReadUInt32LittleEndian(bytes),
        Type: BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..]),
        Flags: BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]),
        Address: BinaryPrimitives.ReadUInt64LittleEndian(bytes[16..]),
        Offset: BinaryPrimitives.ReadUInt64LittleEndian(bytes[24..]),
        Size: BinaryPrimitives.ReadUInt64LittleEndian(bytes[32..]),
        Link: BinaryPrimitives.ReadUInt32LittleEndian(bytes[40..]),
        Info: BinaryPrimitives.ReadUInt32LittleEndian(bytes[44..]),
        EntrySize: BinaryPrimitives.ReadUInt64LittleEndian(bytes[56..]));
}
