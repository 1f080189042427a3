using Microsoft.Win32.SafeHandles;
using Pyflame.Linux.Interop;

namespace Pyflame.Linux;

/// <summary>
/// Opens a file of the target as the target sees it, and only that. A target in its own mount namespace can put
/// a symlink where its libpython is mapped: resolved from /proc/PID/root by the usual rules, an absolute link
/// leads back into the HOST's tree (pyflame read a file only the host had), and a FIFO there blocked pyflame's open
/// for good. So paths are resolved by openat2 with RESOLVE_IN_ROOT (links and ".." stay inside the target's root),
/// the file is first opened with O_PATH (which never blocks and has no side effects, even on a device), and only a
/// regular file is then opened for reading, through that descriptor, with O_NONBLOCK.
/// </summary>
internal static unsafe class TargetFiles
{
    /// <summary>
    /// Opens <paramref name="path"/> (absolute, as the target names it) inside <paramref name="rootDirectory"/>; null with
    /// errno when it cannot. With <paramref name="inode"/> (from the maps line) the file must also be that inode: a path
    /// can be made to name another file of the target's after it was mapped.
    /// </summary>
    public static SafeFileHandle? TryOpenInRoot(string rootDirectory, string path, long inode, out int errno)
    {
        int root = FileIo.Open(rootDirectory, OpenInRoot.O_PATH | OpenInRoot.O_DIRECTORY | FileIo.O_CLOEXEC);
        if (root < 0)
        {
            errno = Errno.Last;
            return null;
        }

        try
        {
            int located = OpenInRoot.OpenAt2(root, path.TrimStart('/'), OpenInRoot.O_PATH | FileIo.O_CLOEXEC, OpenInRoot.RESOLVE_IN_ROOT | OpenInRoot.RESOLVE_NO_MAGICLINKS);
            errno = located < 0 ? Errno.Last : 0;
            return located < 0 ? null : ReopenRegular(located, inode, out errno);
        }
        finally
        {
            _ = FileIo.Close(root);
        }
    }

    /// <summary>Opens a path that needs no confinement (the kernel's own /proc/PID/map_files link), still only a regular file.</summary>
    public static SafeFileHandle? TryOpenRegular(string path, out int errno)
    {
        int located = FileIo.Open(path, OpenInRoot.O_PATH | FileIo.O_CLOEXEC);
        errno = located < 0 ? Errno.Last : 0;
        return located < 0 ? null : ReopenRegular(located, inode: 0, out errno);
    }

    /// <summary>Checks the O_PATH descriptor is a regular file, then opens that very file for reading; closes the O_PATH one.</summary>
    private static SafeFileHandle? ReopenRegular(int pathFd, long inode, out int errno)
    {
        try
        {
            byte* stat = stackalloc byte[FileStatus.StatSize];
            if (OpenInRoot.FStat(pathFd, stat) != 0)
            {
                errno = Errno.Last;
                return null;
            }

            if ((*(uint*)(stat + OpenInRoot.ModeOffset) & OpenInRoot.S_IFMT) != OpenInRoot.S_IFREG
                || (inode != 0 && *(long*)(stat + OpenInRoot.InodeOffset) != inode))
            {
                errno = Errno.EACCES;
                return null;
            }

            // /proc/self/fd/N re-opens the inode the O_PATH descriptor holds, whatever now sits at its path.
            int fd = FileIo.Open($"/proc/self/fd/{pathFd}", FileIo.O_RDONLY | OpenInRoot.O_NONBLOCK | OpenInRoot.O_NOCTTY | FileIo.O_CLOEXEC);
            errno = fd < 0 ? Errno.Last : 0;
            return fd < 0 ? null : new SafeFileHandle(fd, ownsHandle: true);
        }
        finally
        {
            _ = FileIo.Close(pathFd);
        }
    }
}
