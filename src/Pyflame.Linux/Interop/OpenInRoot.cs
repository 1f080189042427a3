using System.Runtime.InteropServices;

namespace Pyflame.Linux.Interop;

/// <summary>openat2(2) (Linux 5.6+) and fstat(2), to open a target's files only inside its root.</summary>
internal static unsafe partial class OpenInRoot
{
    internal const int O_PATH = 0x200000;
    internal const int O_DIRECTORY = 0x10000;
    internal const int O_NONBLOCK = 0x800;
    internal const int O_NOCTTY = 0x100;

    /// <summary>Resolve as if the directory were "/": absolute links and ".." never leave it (linux/openat2.h).</summary>
    internal const ulong RESOLVE_IN_ROOT = 0x10;

    /// <summary>No /proc/*/fd-style magic links, which could point anywhere.</summary>
    internal const ulong RESOLVE_NO_MAGICLINKS = 0x02;

    private const long SYS_openat2 = 437; // x86-64

    /// <summary>struct stat on x86-64: st_ino is a u64 at byte 8, st_mode a u32 at byte 24.</summary>
    internal const int InodeOffset = 8;
    internal const int ModeOffset = 24;
    internal const uint S_IFMT = 0xF000;
    internal const uint S_IFREG = 0x8000;

    [StructLayout(LayoutKind.Sequential)]
    internal struct OpenHow
    {
        public ulong Flags;
        public ulong Mode;
        public ulong Resolve;
    }

    /// <summary>glibc 2.36 has no openat2 wrapper; syscall(2) passes the integer arguments in registers, as a direct call would.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "syscall", SetLastError = true)]
    private static partial long Syscall(long number, int dirfd, byte* path, OpenHow* how, nuint size);

    [LibraryImport(Libraries.Libc, EntryPoint = "fstat", SetLastError = true)]
    internal static partial int FStat(int fd, byte* buffer);

    internal static int OpenAt2(int dirfd, string path, ulong flags, ulong resolve)
    {
        byte[] utf8 = new byte[System.Text.Encoding.UTF8.GetByteCount(path) + 1];
        System.Text.Encoding.UTF8.GetBytes(path, utf8);
        OpenHow how = new() { Flags = flags, Resolve = resolve };
        fixed (byte* p = utf8)
        {
            return (int)Syscall(SYS_openat2, dirfd, p, &how, (nuint)sizeof(OpenHow));
        }
    }
}
