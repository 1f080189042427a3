using System.Globalization;
using System.Numerics;
using Pyflame.Core.Memory;
using Pyflame.Core.Python.Layouts;
using Pyflame.Core.Python.Objects;

namespace Pyflame.Core.Python.Values;

/// <summary>
/// Any Python int as decimal text: 2.7's PyIntObject (one C long), or a PyLongObject of any size (its sign and
/// digits: <see cref="PyLongHeader"/>). The digit count is bounded before the digits are read; a longer number is
/// abbreviated with its digit count.
/// </summary>
internal sealed class PyIntText(IMemoryReader memory, PyLayout layout, ValuePreviewLimits limits)
{
    /// <summary>2.7's small int (PyIntObject): ob_ival.</summary>
    public bool TryFormatSmall(ulong address, out string text)
    {
        text = string.Empty;
        if (layout.IntValue < 0 || !memory.TryRead(address + (ulong)layout.IntValue, out long value))
        {
            return false;
        }

        text = value.ToString(CultureInfo.InvariantCulture);
        return true;
    }

    /// <summary>A PyLongObject (3.x int and bool, 2.7 long).</summary>
    public bool TryFormatLong(ulong address, out string text)
    {
        text = string.Empty;
        if (!TryReadLong(address, out BigInteger value, out bool tooLong, out long digitCount))
        {
            return false;
        }

        if (tooLong)
        {
            text = $"<int of {digitCount * layout.LongDigitBits} bits>";
            return true;
        }

        string decimalText = value.ToString(CultureInfo.InvariantCulture);
        int max = limits.MaxIntText;
        int length = decimalText.Length - (value.Sign < 0 ? 1 : 0);
        text = length <= max
            ? decimalText
            : $"{decimalText[..(max - 10)]}...{decimalText[^10..]} ({length} digits)";
        return true;
    }

    /// <summary>The value as a C long when it fits (bool, small ints); false otherwise.</summary>
    public bool TryReadInt64(ulong address, out long value)
    {
        value = 0;
        if (!TryReadLong(address, out BigInteger big, out bool tooLong, out _) || tooLong
            || big < long.MinValue || big > long.MaxValue)
        {
            return false;
        }

        value = (long)big;
        return true;
    }

    private bool TryReadLong(ulong address, out BigInteger value, out bool tooLong, out long digitCount)
    {
        value = BigInteger.Zero;
        tooLong = false;
        if (!PyLongHeader.TryRead(memory, layout, address, out bool negative, out digitCount))
        {
            return false;
        }

        if (digitCount > limits.MaxIntDigits)
        {
            tooLong = true;
            return true;
        }

        int bits = layout.LongDigitBits;
        int digitBytes = PyLongHeader.DigitBytes(layout);
        byte[] raw = new byte[digitCount * digitBytes];
        if (raw.Length > 0 && !memory.TryReadExact(address + (ulong)layout.LongDigits, raw))
        {
            return false;
        }

        ReadOnlySpan<byte> block = raw;
        BigInteger result = BigInteger.Zero;
        for (long i = digitCount - 1; i >= 0; i--)
        {
            uint digit = PyLongHeader.Digit(block, (int)i, digitBytes);
            if (digit >> bits != 0)
            {
                return false; // not a digit of this base: not an int, or torn
            }

            result = (result << bits) | digit;
        }

        value = negative ? -result : result;
        return true;
    }
}
