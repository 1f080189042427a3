using Pyflame.Core.Memory;

namespace Pyflame.Core.Memory.Snapshots;

/// <summary>Serves reads from recorded pages (a dictionary lookup per page); unrecorded memory reads as unmapped.</summary>
public sealed class ReplayMemoryReader(IReadOnlyDictionary<ulong, byte[]> pages) : IMemoryReader
{
    public int Read(ulong address, Span<byte> destination)
    {
        int copied = 0;
        while (copied < destination.Length)
        {
            ulong at = address + (ulong)copied;
            ulong page = at & ~(ulong)(RecordingMemoryReader.PageSize - 1);
            if (!pages.TryGetValue(page, out byte[]? bytes))
            {
                break;
            }

            int offset = (int)(at - page);
            int available = bytes.Length - offset;
            if (available <= 0)
            {
                break;
            }

            int take = Math.Min(available, destination.Length - copied);
            bytes.AsSpan(offset, take).CopyTo(destination[copied..]);
            copied += take;
        }

        return copied;
    }
}
