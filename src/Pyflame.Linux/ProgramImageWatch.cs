using Pyflame.Linux.Interop;

namespace Pyflame.Linux;

/// <summary>
/// Tells whether a process has replaced its program (execve) since this watch was made. A descriptor of
/// <c>/proc/PID/mem</c> stays bound to the address space it was opened on: once that is gone (the process
/// exec'd or died), a read through it returns 0 bytes (end of file), while a live one returns data or EIO
/// (fs/proc/base.c, mem_rw). Exec keeps the process id, the start time and often the executable, so nothing
/// cheaper in /proc can tell.
/// </summary>
internal sealed unsafe class ProgramImageWatch : IDisposable
{
    private int _fd;

    public ProgramImageWatch(int pid) =>
        _fd = FileIo.Open(ProcFs.ProcessPath(pid) + "/mem", FileIo.O_RDONLY | FileIo.O_CLOEXEC);

    /// <summary>True when the address space seen at creation is gone; false when it is alive or cannot be told.</summary>
    public bool AddressSpaceGone()
    {
        if (_fd < 0)
        {
            return false;
        }

        // Offset 0 is never mapped in a normal process: a live address space answers EIO without copying anything.
        byte probe;
        nint got;
        int attempts = 0;
        do
        {
            got = FileIo.PRead(_fd, &probe, 1, 0);
        }
        while (got < 0 && Errno.Last == Errno.EINTR && ++attempts < 16);

        return got == 0;
    }

    public void Dispose()
    {
        if (_fd >= 0)
        {
            _ = FileIo.Close(_fd);
            _fd = -1;
        }
    }
}
