namespace Pyflame.Core.Binaries.Elf;

/// <summary>
/// The input is not a usable ELF64 little-endian file: wrong magic, 32-bit, truncated, or a header
/// field that points outside the file or exceeds a sanity limit. The message names the bad field.
/// </summary>
public sealed class ElfFormatException : Exception
{
    public ElfFormatException()
        : base("Invalid ELF file.")
    {
    }

    public ElfFormatException(string message)
        : base(message)
    {
    }

    public ElfFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
