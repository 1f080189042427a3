using Pyflame.Core.Memory;
using Pyflame.Core.Python.Layouts;

namespace Pyflame.Core.Python.Objects;

/// <summary>
/// Reads a non-negative Python int that fits 64 bits (e.g. a thread ident, which CPython creates from
/// an unsigned long): 2.7's PyIntObject (one C long), or a PyLongObject of base-2^PyLong_SHIFT digits,
/// whose sign and digit count are ob_size (≤3.11) or lv_tag (3.12+: sign in the low 2 bits, count above
/// _PyLong_NON_SIZE_BITS; Include/cpython/longintrepr.h).
/// </summary>
public sealed class PyIntReader
{
    /// <summary>3.12+ lv_tag sign values (Include/internal/pycore_long.h: SIGN_MASK, SIGN_ZERO, SIGN_NEGATIVE).</summary>
    private const ulong SignMask = 3;
    private const ulong SignZero = 1;
    private const ulong SignNegative = 2;

    private readonly IMemoryReader _memory;
    private readonly PyLayout _layout;

    public PyIntReader(IMemoryReader memory, PyLayout layout)
    {
        ArgumentNullException.ThrowIfNull(memory);
        ArgumentNullException.ThrowIfNull(layout);
        _memory = memory;
        _layout = layout;
    }

    /// <summary>Reads the int at <paramref name="objectAddress"/>, whose type is <paramref name="type"/>.</summary>
    public bool TryReadUnsigned(ulong objectAddress, PyTypeInfo type, out ulong value)
    {
        value = 0;
        if (objectAddress == 0)
        {
            return false;
        }

        if (type.Has(_layout.TypeFlagIntSubclass) && _layout.IntValue >= 0)
        {
            // thread.get_ident() in 2.7 is PyInt_FromLong((long)pthread_self()): reinterpret the C long.
            bool ok = _memory.TryRead(objectAddress + (ulong)_layout.IntValue, out long ival);
            value = unchecked((ulong)ival);
            return ok;
        }

        return type.Has(_layout.TypeFlagLongSubclass) && TryReadLong(objectAddress, out value);
    }

    private bool TryReadLong(ulong objectAddress, out ulong value)
    {
        value = 0;
        int bits = _layout.LongDigitBits;
        if (bits is < 8 or > 32 || _layout.LongSize < 0 || _layout.LongDigits < 0
            || !_memory.TryRead(objectAddress + (ulong)_layout.LongSize, out ulong sizeField))
        {
            return false;
        }

        long digitCount;
        if (_layout.LongNonSizeBits >= 0)
        {
            ulong sign = sizeField & SignMask;
            if (sign == SignZero)
            {
                return true;
            }

            if (sign == SignNegative || sign == SignMask)
            {
                return false;
            }

            digitCount = (long)(sizeField >> _layout.LongNonSizeBits);
        }
        else
        {
            digitCount = (long)sizeField; // ob_size: negative for negative numbers
        }

        int maxDigits = (64 + bits - 1) / bits;
        if (digitCount < 0 || digitCount > maxDigits)
        {
            return false;
        }

        // PyLong digits are 32-bit for 30-bit digits and 16-bit for 15-bit digits (longintrepr.h).
        int digitBytes = bits > 16 ? 4 : 2;
        Span<byte> digits = stackalloc byte[maxDigits * digitBytes];
        digits = digits[..((int)digitCount * digitBytes)];
        if (digitCount > 0 && !_memory.TryReadExact(objectAddress + (ulong)_layout.LongDigits, digits))
        {
            return false;
        }

        ReadOnlySpan<byte> block = digits;
        ulong result = 0;
        for (int i = (int)digitCount - 1; i >= 0; i--)
        {
            ulong digit = digitBytes == 4 ? block.Field<uint>(i * 4) : block.Field<ushort>(i * 2);
            if (digit >> bits != 0 || (result >> (64 - bits)) != 0)
            {
                return false; // not a valid digit, or the number does not fit 64 bits
            }

            result = (result << bits) | digit;
        }

        value = result;
        return true;
    }
}
