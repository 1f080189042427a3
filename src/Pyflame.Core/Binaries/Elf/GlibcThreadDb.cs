using System.Buffers.Binary;

namespace Pyflame.Core.Binaries.Elf;

/// <summary>
/// Reads the layout descriptors glibc exports for libthread_db (nptl/db_info.c, nptl_db/structs.def).
/// They let us find fields of <c>struct pthread</c> without hard-coding a glibc build's layout.
/// </summary>
public static class GlibcThreadDb
{
    private const string TidDescriptorSymbol = "_thread_db_pthread_tid";

    /// <summary>glibc's db_info.c emits each descriptor as three u32: {bit size, element count, byte offset}.</summary>
    private const int DescriptorSize = 12;

    /// <summary>
    /// The byte offset of <c>pid_t tid</c> inside glibc's <c>struct pthread</c> (pthread_self() points at
    /// it), from the GLIBC_PRIVATE symbol <c>_thread_db_pthread_tid</c> (cpython-internals.md §7.8).
    /// False if the symbol is missing (e.g. musl) or the descriptor is not a single 32-bit field.
    /// </summary>
    public static bool TryGetPthreadTidOffset(ElfFile libc, out int offset)
    {
        ArgumentNullException.ThrowIfNull(libc);
        offset = 0;
        Span<byte> descriptor = stackalloc byte[DescriptorSize];
        if (!libc.TryFindSymbol(TidDescriptorSymbol, out ElfSymbol symbol)
            || symbol.Size < DescriptorSize
            || !libc.TryReadVirtual(symbol.Value, descriptor))
        {
            return false;
        }

        uint bits = BinaryPrimitives.ReadUInt32LittleEndian(descriptor);
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(descriptor[4..]);
        uint byteOffset = BinaryPrimitives.ReadUInt32LittleEndian(descriptor[8..]);

        // pid_t is 32 bits and a scalar; anything else means we are not reading what we think we are.
        // The bound is a sanity limit: struct pthread is a few KiB at most.
        if (bits != 32 || count != 1 || byteOffset > 64 * 1024)
        {
            return false;
        }

        offset = (int)byteOffset;
        return true;
    }
}
