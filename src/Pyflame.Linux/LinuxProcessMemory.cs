using Pyflame.Core.Memory;
using Pyflame.Linux.Interop;

namespace Pyflame.Linux;

/// <summary>
/// Reads a live process's memory with process_vm_readv(2), which copies without stopping the target.
/// Where that syscall is refused (EPERM under some seccomp profiles, ENOSYS on old or emulated kernels)
/// it falls back, permanently, to pread on <c>/proc/PID/mem</c>. Both paths obey the
/// <see cref="IMemoryReader"/> contract: partial reads return the count, unreadable memory returns 0.
/// Not thread-safe for the fallback descriptor's lazy opening; use one instance per sampling thread.
/// </summary>
public sealed unsafe class LinuxProcessMemory : IMemoryReader, IDisposable
{
    /// <summary>Ranges per process_vm_readv call in <see cref="ReadRanges"/>; keeps the iovecs on the stack.</summary>
    internal const int ScatterBatch = 128;

    private readonly int _pid;
    private int _memFd = -1;
    private bool _memOpenFailed;
    private bool _disposed;

    public LinuxProcessMemory(int pid)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pid);
        _pid = pid;
    }

    public int ProcessId => _pid;

    /// <summary>Set once a read reported ESRCH: the process is gone (or a zombie without memory).</summary>
    public bool ProcessExited { get; private set; }

    /// <summary>True once reads go through <c>/proc/PID/mem</c>; tests set it to exercise that path.</summary>
    internal bool UseProcMem { get; set; }

    public int Read(ulong address, Span<byte> destination)
    {
        if (destination.IsEmpty || _disposed)
        {
            return 0;
        }

        fixed (byte* buffer = destination)
        {
            if (!UseProcMem)
            {
                Iovec local = new() { Base = (ulong)buffer, Length = (ulong)destination.Length };
                Iovec remote = new() { Base = address, Length = (ulong)destination.Length };
                nint copied = ProcessVm.ReadV(_pid, &local, 1, &remote, 1, 0);
                if (copied >= 0)
                {
                    return (int)copied;
                }

                if (!HandleReadVFailure(Errno.Last))
                {
                    return 0;
                }
            }

            return ReadProcMem(address, buffer, destination.Length);
        }
    }

    /// <summary>
    /// One process_vm_readv per <see cref="ScatterBatch"/> ranges, an iovec each (the kernel, like this method, stops
    /// at the first range it cannot copy whole); through <c>/proc/PID/mem</c> one pread per range.
    /// </summary>
    public int ReadRanges(ReadOnlySpan<ulong> addresses, ReadOnlySpan<int> lengths, Span<byte> destination, ReadOnlySpan<int> offsets)
    {
        if (addresses.Length != offsets.Length || addresses.Length != lengths.Length)
        {
            throw new ArgumentException("Every address needs a length and a destination offset.", nameof(offsets));
        }

        for (int i = 0; i < offsets.Length; i++)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(lengths[i], nameof(lengths));
            if (offsets[i] < 0 || offsets[i] > destination.Length - lengths[i])
            {
                throw new ArgumentOutOfRangeException(nameof(offsets), "A range would land outside the destination.");
            }
        }

        if (_disposed)
        {
            return 0;
        }

        int whole = 0;
        for (int first = 0; first < addresses.Length; first += ScatterBatch)
        {
            int count = Math.Min(ScatterBatch, addresses.Length - first);
            int read = ReadBatch(addresses.Slice(first, count), lengths.Slice(first, count), destination, offsets.Slice(first, count));
            whole += read;
            if (read < count)
            {
                break;
            }
        }

        return whole;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_memFd >= 0)
        {
            _ = FileIo.Close(_memFd);
            _memFd = -1;
        }
    }

    private int ReadBatch(ReadOnlySpan<ulong> addresses, ReadOnlySpan<int> lengths, Span<byte> destination, ReadOnlySpan<int> offsets)
    {
        fixed (byte* buffer = destination)
        {
            if (!UseProcMem)
            {
                Iovec* local = stackalloc Iovec[addresses.Length];
                Iovec* remote = stackalloc Iovec[addresses.Length];
                for (int i = 0; i < addresses.Length; i++)
                {
                    local[i] = new Iovec { Base = (ulong)(buffer + offsets[i]), Length = (ulong)lengths[i] };
                    remote[i] = new Iovec { Base = addresses[i], Length = (ulong)lengths[i] };
                }

                nint copied = ProcessVm.ReadV(_pid, local, (nuint)addresses.Length, remote, (nuint)addresses.Length, 0);
                if (copied >= 0)
                {
                    return WholeRanges(lengths, copied);
                }

                if (!HandleReadVFailure(Errno.Last))
                {
                    return 0;
                }
            }

            for (int i = 0; i < addresses.Length; i++)
            {
                if (ReadProcMem(addresses[i], buffer + offsets[i], lengths[i]) < lengths[i])
                {
                    return i;
                }
            }

            return addresses.Length;
        }
    }

    /// <summary>
    /// How many leading ranges the <paramref name="copied"/> bytes of one process_vm_readv filled. It copies the
    /// ranges in order and stops at the first it cannot copy whole, so the count is the ranges that fit in it; a
    /// range cut short (the kernel may stop inside one, at a page it cannot read) does not count.
    /// </summary>
    private static int WholeRanges(ReadOnlySpan<int> lengths, nint copied)
    {
        int whole = 0;
        while (whole < lengths.Length && copied >= lengths[whole])
        {
            copied -= lengths[whole];
            whole++;
        }

        return whole;
    }

    /// <summary>Returns true when the caller should retry through <c>/proc/PID/mem</c>.</summary>
    private bool HandleReadVFailure(int errno)
    {
        switch (errno)
        {
            case Errno.ESRCH:
                ProcessExited = true;
                return false;
            case Errno.EPERM or Errno.ENOSYS:
                UseProcMem = true;
                return true;
            default:
                // EFAULT: nothing at that address was mapped; EINVAL/ENOMEM: absurd length. All "unreadable".
                return false;
        }
    }

    private int ReadProcMem(ulong address, byte* buffer, int length)
    {
        if (length == 0 || address > long.MaxValue || !TryOpenProcMem())
        {
            return 0;
        }

        // The kernel's mem_rw copies page by page and returns what it got before the first hole, so a
        // short count is a partial read; only retry after EINTR, bounded so a signal storm cannot spin us.
        int total = 0;
        for (int attempt = 0; total < length && attempt < 64; attempt++)
        {
            nint got = FileIo.PRead(_memFd, buffer + total, (nuint)(length - total), (long)address + total);
            if (got > 0)
            {
                total += (int)got;
                continue;
            }

            if (got < 0 && Errno.Last == Errno.EINTR)
            {
                continue;
            }

            // An unmapped address gives EIO; end-of-file (0) means the target's address space is gone.
            if (got == 0 || Errno.Last == Errno.ESRCH)
            {
                ProcessExited = true;
            }

            break;
        }

        return total;
    }

    private bool TryOpenProcMem()
    {
        if (_memFd >= 0)
        {
            return true;
        }

        if (_memOpenFailed)
        {
            return false;
        }

        _memFd = FileIo.Open(ProcFs.ProcessPath(_pid) + "/mem", FileIo.O_RDONLY | FileIo.O_CLOEXEC);
        if (_memFd < 0)
        {
            _memOpenFailed = true;
            ProcessExited |= Errno.Last == Errno.ENOENT;
        }

        return _memFd >= 0;
    }
}
