using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Pyflame.Core.Memory;

/// <summary>Typed, non-throwing reads on top of <see cref="IMemoryReader"/> for the hot path.</summary>
public static class MemoryReaderExtensions
{
    /// <summary>Reads exactly <c>destination.Length</c> bytes; a short read counts as failure.</summary>
    public static bool TryReadExact(this IMemoryReader reader, ulong address, Span<byte> destination)
    {
        if (address == 0)
        {
            return false;
        }

        return reader.Read(address, destination) == destination.Length;
    }

    public static bool TryRead<T>(this IMemoryReader reader, ulong address, out T value)
        where T : unmanaged
    {
        value = default;
        Span<byte> bytes = MemoryMarshal.AsBytes(new Span<T>(ref value));
        return reader.TryReadExact(address, bytes);
    }

    public static bool TryReadPointer(this IMemoryReader reader, ulong address, out ulong value) =>
        reader.TryRead(address, out value);

    /// <summary>Reads a NUL-terminated byte string of at most <paramref name="maxLength"/> bytes.</summary>
    public static bool TryReadCString(this IMemoryReader reader, ulong address, int maxLength, out string value)
    {
        value = string.Empty;
        Span<byte> buffer = maxLength <= 512 ? stackalloc byte[maxLength] : new byte[maxLength];
        int read = reader.Read(address, buffer);
        if (read <= 0)
        {
            return false;
        }

        int end = buffer[..read].IndexOf((byte)0);
        if (end < 0)
        {
            return false;
        }

        value = System.Text.Encoding.UTF8.GetString(buffer[..end]);
        return true;
    }

    /// <summary>Reads a little-endian field of type <typeparamref name="T"/> out of an already-copied block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Field<T>(this ReadOnlySpan<byte> block, int offset)
        where T : unmanaged => MemoryMarshal.Read<T>(block.Slice(offset, Unsafe.SizeOf<T>()));
}
