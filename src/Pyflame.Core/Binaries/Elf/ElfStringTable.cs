using System.Text;

namespace Pyflame.Core.Binaries.Elf;

/// <summary>NUL-terminated names packed in a string-table section (.shstrtab, .strtab, .dynstr).</summary>
internal static class ElfStringTable
{
    /// <summary>False when the offset is outside the table or the name has no terminating NUL.</summary>
    public static bool TryGetString(ReadOnlySpan<byte> table, uint offset, out string value)
    {
        value = string.Empty;
        if (offset >= (uint)table.Length)
        {
            return false;
        }

        ReadOnlySpan<byte> rest = table[(int)offset..];
        int length = rest.IndexOf((byte)0);
        if (length < 0)
        {
            return false;
        }

        // Symbol names are bytes, not guaranteed UTF-8; invalid sequences become U+FFFD rather than throwing.
        value = length == 0 ? string.Empty : Encoding.UTF8.GetString(rest[..length]);
        return true;
    }
}
