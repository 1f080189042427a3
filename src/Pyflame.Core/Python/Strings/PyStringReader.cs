using System.Buffers;
using Pyflame.Core.Memory;
using Pyflame.Core.Python.Layouts;

namespace Pyflame.Core.Python.Strings;

/// <summary>
/// Reads <c>str</c> and <c>bytes</c> objects out of a target process. The header and a small inline
/// buffer come from ONE read, so short names (the common case) cost a single read per object.
/// Every length is checked against a limit before anything is allocated; corrupt objects give false.
/// The reader keeps no mutable state.
/// </summary>
public sealed class PyStringReader
{
    /// <summary>Upper bound for <see cref="TryReadBytes"/> (line tables of huge modules stay far below it).</summary>
    public const int MaxBytesObjectSize = 1 << 20;

    // Bytes read past the header in the first read: enough for nearly every file and function name.
    private const int InlineDataBytes = 192;
    private const int StackPayloadBytes = 512;

    /// <summary>
    /// Largest object header read on the stack. The offsets come from the target on 3.13+ (<c>_Py_DebugOffsets</c>),
    /// and one claiming megabytes overflowed the sampler's stack; real headers are below 80 bytes.
    /// </summary>
    private const int MaxHeaderBytes = 256;
    private const int PointerSize = 8;
    private const uint StateCompact = 1u << 5; // PyASCIIObject.state.compact (cpython-internals.md §2.6)
    private const uint StateAscii = 1u << 6;   // PyASCIIObject.state.ascii

    private readonly IMemoryReader _memory;
    private readonly PyLayout _layout;
    private readonly int _maxBytes;

    /// <param name="maxBytes">Largest string payload, in bytes before decoding, that <see cref="TryReadString"/> accepts.</param>
    public PyStringReader(IMemoryReader memory, PyLayout layout, int maxBytes = 4096)
    {
        ArgumentNullException.ThrowIfNull(memory);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        _memory = memory;
        _layout = layout;
        _maxBytes = maxBytes;
    }

    /// <summary>Reads a name: a PEP 393 <c>str</c> on 3.x, a <c>PyStringObject</c> (bytes) on 2.7.</summary>
    public bool TryReadString(ulong objectAddress, out string value)
    {
        value = string.Empty;
        if (objectAddress == 0)
        {
            return false;
        }

        return _layout.NamesAreBytes
            ? TryReadByteString(objectAddress, out value)
            : TryReadUnicode(objectAddress, out value);
    }

    /// <summary>Reads the payload of a 3.x <c>bytes</c> or 2.7 <c>str</c> (e.g. a line table), at most 1 MiB.</summary>
    public bool TryReadBytes(ulong objectAddress, out byte[] value)
    {
        value = [];
        Span<byte> block = stackalloc byte[MaxHeaderBytes + InlineDataBytes];
        if (!TryReadBytesHeader(objectAddress, block, MaxBytesObjectSize, out int read, out int size))
        {
            return false;
        }

        byte[] payload = new byte[size];
        if (!TryCopyPayload(block[..read], _layout.BytesData, objectAddress, payload))
        {
            return false;
        }

        value = payload;
        return true;
    }

    private bool TryReadByteString(ulong objectAddress, out string value)
    {
        value = string.Empty;
        Span<byte> block = stackalloc byte[MaxHeaderBytes + InlineDataBytes];
        return TryReadBytesHeader(objectAddress, block, _maxBytes, out int read, out int size)
            && TryReadAndDecode(block[..read], _layout.BytesData, objectAddress, size, pep393State: null, out value);
    }

    /// <summary>Reads ob_size and validates it; <paramref name="block"/> receives header + inline data.</summary>
    private bool TryReadBytesHeader(ulong objectAddress, Span<byte> block, int limit, out int read, out int size)
    {
        read = 0;
        size = 0;
        int headerSize = _layout.BytesData;
        if (objectAddress == 0 || _layout.BytesSize < 0 || _layout.BytesSize + PointerSize > headerSize || headerSize > MaxHeaderBytes)
        {
            return false;
        }

        block = block[..(headerSize + InlineDataBytes)];
        read = _memory.Read(objectAddress, block);
        if (read < headerSize)
        {
            return false;
        }

        long obSize = ((ReadOnlySpan<byte>)block).Field<long>(_layout.BytesSize);
        if (obSize < 0 || obSize > limit)
        {
            return false;
        }

        size = (int)obSize;
        return true;
    }

    private bool TryReadUnicode(ulong objectAddress, out string value)
    {
        value = string.Empty;
        PyLayout layout = _layout;
        if (layout.UnicodeLength < 0 || layout.UnicodeState < 0 || layout.UnicodeAsciiData <= 0 || layout.UnicodeCompactData <= 0 || layout.UnicodeLegacyData <= 0)
        {
            return false;
        }

        int headerSize = Math.Max(layout.UnicodeCompactData, layout.UnicodeLegacyData + PointerSize);
        if (headerSize > MaxHeaderBytes || layout.UnicodeAsciiData > MaxHeaderBytes || layout.UnicodeLength > MaxHeaderBytes || layout.UnicodeState > MaxHeaderBytes)
        {
            return false;
        }

        Span<byte> block = stackalloc byte[MaxHeaderBytes + InlineDataBytes];
        block = block[..(headerSize + InlineDataBytes)];
        int read = _memory.Read(objectAddress, block);
        int minimumHeader = Math.Max(layout.UnicodeLength + PointerSize, layout.UnicodeState + sizeof(uint));
        if (read < minimumHeader)
        {
            return false;
        }

        ReadOnlySpan<byte> header = block[..read];
        long length = header.Field<long>(layout.UnicodeLength);
        uint state = header.Field<uint>(layout.UnicodeState);
        // Divide rather than multiply: a garbage length times the kind could overflow.
        if (length < 0 || !PyStringDecoder.TryGetKind(state, out int kind) || length > _maxBytes / kind)
        {
            return false;
        }

        int byteCount = (int)length * kind;
        if ((state & StateCompact) != 0)
        {
            int dataOffset = (state & StateAscii) != 0 ? layout.UnicodeAsciiData : layout.UnicodeCompactData;
            return TryReadAndDecode(header, dataOffset, objectAddress, byteCount, state, out value);
        }

        // Legacy (non-compact) strings, e.g. instances of str subclasses: the data sits behind a pointer.
        if (read < layout.UnicodeLegacyData + PointerSize)
        {
            return false;
        }

        ulong dataAddress = header.Field<ulong>(layout.UnicodeLegacyData);
        return dataAddress != 0 && TryReadAndDecode([], 0, dataAddress, byteCount, state, out value);
    }

    /// <summary>Gets the payload (inline part from <paramref name="block"/>, rest by one read) and decodes it.</summary>
    private bool TryReadAndDecode(ReadOnlySpan<byte> block, int dataOffset, ulong address, int byteCount, uint? pep393State, out string value)
    {
        value = string.Empty;
        byte[]? rented = null;
        Span<byte> payload = byteCount <= StackPayloadBytes
            ? stackalloc byte[StackPayloadBytes]
            : (rented = ArrayPool<byte>.Shared.Rent(byteCount));
        payload = payload[..byteCount];
        bool ok = TryCopyPayload(block, dataOffset, address, payload);
        if (ok)
        {
            value = pep393State is uint state
                ? PyStringDecoder.DecodePep393(state, payload, int.MaxValue)
                : PyStringDecoder.DecodeBytes(payload);
        }

        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        return ok;
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with the bytes at <paramref name="address"/> + <paramref name="dataOffset"/>:
    /// whatever <paramref name="block"/> (already read from <paramref name="address"/>) holds, then one read for the rest.
    /// </summary>
    private bool TryCopyPayload(ReadOnlySpan<byte> block, int dataOffset, ulong address, Span<byte> destination)
    {
        int inBlock = block.Length > dataOffset ? Math.Min(block.Length - dataOffset, destination.Length) : 0;
        if (inBlock > 0)
        {
            block.Slice(dataOffset, inBlock).CopyTo(destination);
        }

        Span<byte> rest = destination[inBlock..];
        return rest.IsEmpty || _memory.Read(address + (ulong)dataOffset + (ulong)inBlock, rest) == rest.Length;
    }
}
