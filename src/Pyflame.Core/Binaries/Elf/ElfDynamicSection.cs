using System.Buffers.Binary;

namespace Pyflame.Core.Binaries.Elf;

/// <summary>
/// Reads the DT_NEEDED names of the PT_DYNAMIC segment (found through program headers, so stripped files
/// without section headers work too). Sizes and offsets come from the file: each is bounded and checked.
/// </summary>
internal static class ElfDynamicSection
{
    public static IReadOnlyList<string> ReadNeeded(ElfStreamReader reader, ElfFile file)
    {
        ElfProgramHeader? dynamic = file.ProgramHeaders.FirstOrDefault(h => h.Type == ElfConstants.ProgramDynamic);
        if (dynamic is null || dynamic.FileSize == 0)
        {
            return []; // a static executable
        }

        byte[] entries = reader.ReadBlock(dynamic.Offset, dynamic.FileSize, ElfConstants.MaxDynamicBytes, "the dynamic segment");
        List<ulong> needed = [];
        ulong stringTable = 0;
        ulong stringTableSize = 0;
        for (int at = 0; at + ElfConstants.DynamicEntrySize <= entries.Length; at += ElfConstants.DynamicEntrySize)
        {
            long tag = BinaryPrimitives.ReadInt64LittleEndian(entries.AsSpan(at));
            ulong value = BinaryPrimitives.ReadUInt64LittleEndian(entries.AsSpan(at + 8));
            if (tag == ElfConstants.DynamicNull)
            {
                break;
            }

            switch (tag)
            {
                case ElfConstants.DynamicNeeded: needed.Add(value); break;
                case ElfConstants.DynamicStringTable: stringTable = value; break;
                case ElfConstants.DynamicStringTableSize: stringTableSize = value; break;
            }
        }

        if (needed.Count == 0)
        {
            return [];
        }

        if (stringTableSize == 0 || stringTableSize > ElfConstants.MaxDynamicStringBytes)
        {
            throw new ElfFormatException($"the dynamic string table size {stringTableSize} is not plausible.");
        }

        byte[] strings = new byte[stringTableSize];
        if (!file.TryReadVirtual(stringTable, strings))
        {
            throw new ElfFormatException($"the dynamic string table at 0x{stringTable:x} is not in the file.");
        }

        List<string> names = [];
        foreach (ulong offset in needed)
        {
            if (offset <= uint.MaxValue && ElfStringTable.TryGetString(strings, (uint)offset, out string name))
            {
                names.Add(name);
            }
        }

        return names;
    }
}
