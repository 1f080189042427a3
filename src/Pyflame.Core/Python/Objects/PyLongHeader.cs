using Pyflame.Core.Memory;
using Pyflame.Core.Python.Layouts;

namespace Pyflame.Core.Python.Objects;

/// <summary>
/// The sign and digit count of a PyLongObject (3.x int and bool, 2.7 long) and its base-2^PyLong_SHIFT digits:
/// ob_size up to 3.11 (negative for negative numbers), lv_tag from 3.12 (sign in the low 2 bits, count above
/// _PyLong_NON_SIZE_BITS; Include/cpython/longintrepr.h, Include/internal/pycore_long.h). One home for the
/// encoding that <see cref="PyIntReader"/> (thread idents) and the value previews (Values.PyIntText) both read.
/// The count is not bounded here: each reader bounds it before reading digits.
/// </summary>
internal static class PyLongHeader
{
    /// <summary>lv_tag sign values (pycore_long.h: SIGN_MASK, SIGN_ZERO, SIGN_NEGATIVE).</summary>
    private const ulong SignMask = 3;
    private const ulong SignZero = 1;
    private const ulong SignNegative = 2;

    /// <summary>False when the layout has no PyLongObject fields, the header is unreadable, or its sign is invalid.</summary>
    public static bool TryRead(IMemoryReader memory, PyLayout layout, ulong address, out bool negative, out long digitCount)
    {
        negative = false;
        digitCount = 0;
        if (layout.LongDigitBits is < 8 or > 32 || layout.LongSize < 0 || layout.LongDigits < 0
            || !memory.TryRead(address + (ulong)layout.LongSize, out long sizeField))
        {
            return false;
        }

        if (layout.LongNonSizeBits < 0)
        {
            negative = sizeField < 0;
            digitCount = sizeField == long.MinValue ? long.MaxValue : Math.Abs(sizeField);
            return true;
        }

        ulong tag = (ulong)sizeField;
        ulong sign = tag & SignMask;
        if (sign == SignZero)
        {
            return true;
        }

        negative = sign == SignNegative;
        digitCount = (long)(tag >> layout.LongNonSizeBits);
        return sign != SignMask;
    }

    /// <summary>PyLong digits are 32-bit for 30-bit digits and 16-bit for 15-bit digits (longintrepr.h).</summary>
    public static int DigitBytes(PyLayout layout) => layout.LongDigitBits > 16 ? 4 : 2;

    /// <summary>Digit <paramref name="index"/> (least significant first) of the digits read from ob_digit.</summary>
    public static uint Digit(ReadOnlySpan<byte> digits, int index, int digitBytes) =>
        digitBytes == 4 ? digits.Field<uint>(index * 4) : digits.Field<ushort>(index * 2);
}
