using Pyflame.Core.Memory;
using Pyflame.Core.Python.Layouts;

namespace Pyflame.Core.Python.Objects;

/// <summary>
/// Reads a non-negative Python int that fits 64 bits (e.g. a thread ident, which CPython creates from
/// an unsigned long): 2.7's PyIntObject (one C long), or a PyLongObject (<see cref="PyLongHeader"/>).
/// </summary>
public sealed class PyIntReader
{
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
        if (!PyLongHeader.TryRead(_memory, _layout, objectAddress, out bool negative, out long digitCount) || negative)
        {
            return false;
        }

        int bits = _layout.LongDigitBits;
        int maxDigits = (64 + bits - 1) / bits;
        if (digitCount > maxDigits)
        {
            return false;
        }

        int digitBytes = PyLongHeader.DigitBytes(_layout);
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
            ulong digit = PyLongHeader.Digit(block, i, digitBytes);
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
