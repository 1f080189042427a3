using Pyflame.Linux.Interop;

namespace Pyflame.Linux;

/// <summary>
/// Writes to an inherited file descriptor (stdout) with write(2) at the descriptor's shared offset. A FileStream over
/// the same descriptor would write a regular file with pwrite at its own idea of the position, overwriting what a
/// traced command wrote to the same stdout; System.Console's stream instead drops EPIPE without a word. A failed
/// write is an <see cref="IOException"/> whose HResult is the errno.
/// </summary>
public sealed unsafe class DescriptorStream(int fd) : WriteOnlyStream
{
    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        fixed (byte* start = buffer)
        {
            int done = 0;
            while (done < buffer.Length)
            {
                nint written = FileIo.Write(fd, start + done, (nuint)(buffer.Length - done));
                if (written >= 0)
                {
                    done += (int)written;
                    continue;
                }

                int errno = Errno.Last;
                if (errno != Errno.EINTR)
                {
                    throw new IOException(Errno.Describe(errno), errno);
                }
            }
        }
    }

    public override void Flush()
    {
    }
}
