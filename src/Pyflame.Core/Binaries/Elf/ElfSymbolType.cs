namespace Pyflame.Core.Binaries.Elf;

/// <summary>The type nibble of <c>st_info</c> (ELF64 gABI, plus the GNU indirect-function extension).</summary>
public enum ElfSymbolType
{
    NoType,
    Object,
    Function,
    Section,
    File,
    Common,
    ThreadLocal,

    /// <summary>STT_GNU_IFUNC (10): glibc resolves these at load time; common in libc.</summary>
    IndirectFunction,

    /// <summary>Any value not listed above (OS- or processor-specific).</summary>
    Other,
}
