using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Pyflame.Core.Python.Strings;

/// <summary>
/// Turns raw CPython string payloads into .NET strings. Pure and non-throwing.
/// <para>
/// Invalid UTF-8 policy (<see cref="DecodeBytes"/>): each byte of an invalid sequence becomes the
/// Latin-1 character with the same value (U+0000+byte). This is lossless per byte, shows file names
/// saved by Latin-1 systems readably (cpython-internals.md §2.6), and never produces lone surrogates,
/// so the result can always be written out as UTF-8 by the output writers.
/// </para>
/// </summary>
public static class PyStringDecoder
{
    private const int KindShift = 2;      // PyASCIIObject.state: interned bits 0-1, kind bits 2-4
    private const uint KindMask = 0x7;
    private const uint AsciiFlag = 1u << 6;
    private const int SurrogateEscapeFirst = 0xDC80; // PEP 383 surrogateescape: byte b ↦ U+DC00+b, b ≥ 0x80
    private const int SurrogateEscapeLast = 0xDCFF;
    private const int StackBufferBytes = 256;

    /// <summary>Reads the PEP 393 character width (1, 2 or 4) from <c>state</c>; false for anything else.</summary>
    public static bool TryGetKind(uint state, out int kind)
    {
        kind = (int)((state >> KindShift) & KindMask);
        bool asciiConsistent = (state & AsciiFlag) == 0 || kind == 1;
        return kind is 1 or 2 or 4 && asciiConsistent;
    }

    /// <summary>
    /// Decodes <paramref name="length"/> code points of PEP 393 data: kind 1 Latin-1, kind 2 UTF-16LE
    /// (lone surrogates allowed), kind 4 UTF-32LE. Surrogate escapes U+DC80..U+DCFF, which 3.6 creates
    /// for undecodable bytes under a non-UTF-8 locale, are turned back into their bytes and decoded as
    /// UTF-8 with <see cref="DecodeBytes"/>, so the result is the real file name. Returns "" for an
    /// invalid kind; decodes only whole characters present in <paramref name="data"/>.
    /// </summary>
    public static string DecodePep393(uint state, ReadOnlySpan<byte> data, int length)
    {
        if (!TryGetKind(state, out int kind) || length <= 0)
        {
            return string.Empty;
        }

        int count = Math.Min(length, data.Length / kind);
        return kind switch
        {
            1 => Encoding.Latin1.GetString(data[..count]),
            2 => DecodeWide(data[..(count * 2)], 2),
            _ => DecodeWide(data[..(count * 4)], 4),
        };
    }

    /// <summary>Decodes 2.7 byte-string names: UTF-8, invalid bytes as Latin-1 (see the class remarks).</summary>
    public static string DecodeBytes(ReadOnlySpan<byte> raw)
    {
        if (System.Text.Unicode.Utf8.IsValid(raw))
        {
            return Encoding.UTF8.GetString(raw);
        }

        var builder = new StringBuilder(raw.Length);
        AppendUtf8WithLatin1Fallback(builder, raw);
        return builder.ToString();
    }

    private static string DecodeWide(ReadOnlySpan<byte> data, int kind)
    {
        int count = data.Length / kind;
        var builder = new StringBuilder(count);
        byte[]? rented = null;
        Span<byte> escaped = count <= StackBufferBytes
            ? stackalloc byte[StackBufferBytes]
            : (rented = ArrayPool<byte>.Shared.Rent(count));
        int escapedCount = 0;
        for (int i = 0; i < count; i++)
        {
            uint codePoint = kind == 2
                ? BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(i * 2, 2))
                : BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(i * 4, 4));
            if (codePoint is >= SurrogateEscapeFirst and <= SurrogateEscapeLast)
            {
                // Collect a run of escaped bytes: together they are usually one UTF-8 sequence.
                escaped[escapedCount++] = (byte)(codePoint - 0xDC00);
                continue;
            }

            FlushEscapedBytes(builder, escaped, ref escapedCount);
            AppendCodePoint(builder, codePoint);
        }

        FlushEscapedBytes(builder, escaped, ref escapedCount);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        return builder.ToString();
    }

    private static void FlushEscapedBytes(StringBuilder builder, Span<byte> escaped, ref int escapedCount)
    {
        if (escapedCount > 0)
        {
            AppendUtf8WithLatin1Fallback(builder, escaped[..escapedCount]);
            escapedCount = 0;
        }
    }

    private static void AppendCodePoint(StringBuilder builder, uint codePoint)
    {
        if (codePoint < 0x10000)
        {
            builder.Append((char)codePoint); // keeps lone surrogates, as CPython allows them in str
        }
        else if (codePoint <= 0x10FFFF)
        {
            builder.Append(char.ConvertFromUtf32((int)codePoint));
        }
        else
        {
            builder.Append('\uFFFD'); // not a code point: corrupt data
        }
    }

    private static void AppendUtf8WithLatin1Fallback(StringBuilder builder, ReadOnlySpan<byte> raw)
    {
        Span<char> utf16 = stackalloc char[2];
        while (!raw.IsEmpty)
        {
            OperationStatus status = Rune.DecodeFromUtf8(raw, out Rune rune, out int consumed);
            consumed = Math.Max(consumed, 1); // always make progress
            if (status == OperationStatus.Done)
            {
                builder.Append(utf16[..rune.EncodeToUtf16(utf16)]);
            }
            else
            {
                foreach (byte invalid in raw[..consumed])
                {
                    builder.Append((char)invalid);
                }
            }

            raw = raw[consumed..];
        }
    }
}
