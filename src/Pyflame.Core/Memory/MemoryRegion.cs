namespace Pyflame.Core.Memory;

/// <summary>One line of <c>/proc/PID/maps</c>: an address range and the file (if any) mapped there.</summary>
public sealed record MemoryRegion(
    ulong Start,
    ulong End,
    string Permissions,
    ulong FileOffset,
    string Device,
    long Inode,
    string Path)
{
    public bool IsReadable => Permissions.Length > 0 && Permissions[0] == 'r';

    public bool IsWritable => Permissions.Length > 1 && Permissions[1] == 'w';

    public bool IsExecutable => Permissions.Length > 2 && Permissions[2] == 'x';

    /// <summary>True for mappings backed by a file (not anonymous, [heap], [stack], ...).</summary>
    public bool IsFile => Path.StartsWith('/');

    /// <summary>The kernel appends " (deleted)" when the file was replaced after mapping.</summary>
    public bool IsDeleted => Path.EndsWith(" (deleted)", StringComparison.Ordinal);

    public ulong Size => End - Start;

    public bool Contains(ulong address) => address >= Start && address < End;
}
