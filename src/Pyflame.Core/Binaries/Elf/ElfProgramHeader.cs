namespace Pyflame.Core.Binaries.Elf;

/// <summary>
/// One program header (segment). <paramref name="Type"/> is the raw <c>p_type</c> (1 = PT_LOAD) and
/// <paramref name="Flags"/> the raw <c>p_flags</c> (1 = X, 2 = W, 4 = R).
/// </summary>
public sealed record ElfProgramHeader(
    uint Type,
    uint Flags,
    ulong Offset,
    ulong VirtualAddress,
    ulong FileSize,
    ulong MemorySize);
