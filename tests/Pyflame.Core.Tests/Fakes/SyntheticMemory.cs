using System.Buffers.Binary;
using System.Text;
using Pyflame.Core.Memory;

namespace Pyflame.Core.Tests.Fakes;

/// <summary>
/// An <see cref="IMemoryReader"/> over in-test byte blocks placed at chosen addresses. Anything
/// outside the blocks reads as unmapped, so walker tests can model dangling pointers and truncation.
/// </summary>
public sealed class SyntheticMemory : IMemoryReader
{
    private readonly SortedDictionary<ulong, byte[]> _blocks = new();

    public int ReadCount { get; private set; }

    /// <summary>Maps a zeroed block of <paramref name="size"/> bytes at <paramref name="address"/>.</summary>
    public byte[] Map(ulong address, int size)
    {
        byte[] block = new byte[size];
        _blocks[address] = block;
        return block;
    }

    /// <summary>Removes the block mapped at <paramref name="address"/>, as if the target unmapped it.</summary>
    public void Unmap(ulong address) => _blocks.Remove(address);

    public void WriteU64(ulong address, ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Slice(address, 8), value);

    public void WriteU32(ulong address, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Slice(address, 4), value);

    public void WriteI32(ulong address, int value) => BinaryPrimitives.WriteInt32LittleEndian(Slice(address, 4), value);

    public void WriteU16(ulong address, ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(Slice(address, 2), value);

    public void WriteByte(ulong address, byte value) => Slice(address, 1)[0] = value;

    public void WriteBytes(ulong address, ReadOnlySpan<byte> value) => value.CopyTo(Slice(address, value.Length));

    public void WriteAscii(ulong address, string value) => WriteBytes(address, Encoding.ASCII.GetBytes(value));

    public int Read(ulong address, Span<byte> destination)
    {
        ReadCount++;
        int copied = 0;
        while (copied < destination.Length)
        {
            if (!TryFind(address + (ulong)copied, out byte[]? block, out int offset))
            {
                break;
            }

            int n = Math.Min(block.Length - offset, destination.Length - copied);
            block.AsSpan(offset, n).CopyTo(destination[copied..]);
            copied += n;
        }

        return copied;
    }

    private Span<byte> Slice(ulong address, int length)
    {
        if (!TryFind(address, out byte[]? block, out int offset) || offset + length > block.Length)
        {
            throw new InvalidOperationException($"0x{address:x} (+{length}) is not inside a mapped synthetic block");
        }

        return block.AsSpan(offset, length);
    }

    private bool TryFind(ulong address, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out byte[]? block, out int offset)
    {
        foreach ((ulong start, byte[] bytes) in _blocks)
        {
            if (address >= start && address < start + (ulong)bytes.Length)
            {
                block = bytes;
                offset = (int)(address - start);
                return true;
            }
        }

        block = null;
        offset = 0;
        return false;
    }
}
