namespace Pyflame.Core.Binaries.Elf;

/// <summary>The binding nibble of <c>st_info</c> (ELF64 gABI, plus the GNU unique extension).</summary>
public enum ElfSymbolBinding
{
    Local,
    Global,
    Weak,

    /// <summary>STB_GNU_UNIQUE (10).</summary>
    Unique,

    /// <summary>Any value not listed above (OS- or processor-specific).</summary>
    Other,
}
