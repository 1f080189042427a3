namespace Pyflame.Linux;

/// <summary>What kind of file a path names, for choosing how to write an output there.</summary>
public static class FileKind
{
    /// <summary>
    /// True when <paramref name="path"/> (symbolic links followed) exists and is not a regular file or directory:
    /// a device, pipe or socket, which must be written in place, never replaced by a renamed file.
    /// </summary>
    public static unsafe bool IsSpecial(string path)
    {
        byte* buffer = stackalloc byte[Interop.FileStatus.StatSize];
        if (Interop.FileStatus.Stat(path, buffer) != 0)
        {
            return false;
        }

        uint type = *(uint*)(buffer + Interop.FileStatus.ModeOffset) & Interop.FileStatus.S_IFMT;
        return type != Interop.FileStatus.S_IFREG && type != Interop.FileStatus.S_IFDIR;
    }
}
