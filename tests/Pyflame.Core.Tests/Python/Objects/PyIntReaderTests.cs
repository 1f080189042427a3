using Pyflame.Core.Python.Layouts;
using Pyflame.Core.Python.Objects;
using Pyflame.Core.Tests.Fakes;

namespace Pyflame.Core.Tests.Python.Objects;

public sealed class PyIntReaderTests
{
    public static TheoryData<string, ulong> Values()
    {
        var data = new TheoryData<string, ulong>();
        foreach (string version in GeneratedLayouts.All.Select(layout => layout.Version.ToString()))
        {
            foreach (ulong value in new[] { 0UL, 1UL, (1UL << 30) - 1, 1UL << 30, 0x7f47_42f4_4b80UL, ulong.MaxValue })
            {
                data.Add(version, value);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Values))]
    public void Reads_non_negative_ints_up_to_64_bits(string version, ulong value)
    {
        var objects = new PyObjectBuilder(LayoutData.Get(version));
        var types = new PyTypeReader(objects.Memory, objects.Layout);
        var ints = new PyIntReader(objects.Memory, objects.Layout);

        foreach (ulong number in new[] { objects.Int(value), objects.Int(value, asLong: true) })
        {
            Assert.True(types.TryReadTypeOf(number, out PyTypeInfo type));
            Assert.True(ints.TryReadUnsigned(number, type, out ulong read));
            Assert.Equal(value, read);
        }
    }

    [Theory]
    [MemberData(nameof(LayoutDataAll))]
    public void Negative_oversized_and_corrupt_longs_are_rejected(string version)
    {
        var objects = new PyObjectBuilder(LayoutData.Get(version));
        var types = new PyTypeReader(objects.Memory, objects.Layout);
        var ints = new PyIntReader(objects.Memory, objects.Layout);
        PyLayout layout = objects.Layout;

        ulong negative = objects.Int(5, asLong: true);
        objects.WriteLongHeader(negative, 1, negative: true);
        ulong tooLong = objects.Int(ulong.MaxValue, asLong: true);
        objects.WriteLongHeader(tooLong, 4, negative: false);
        ulong overflow = objects.Int(ulong.MaxValue, asLong: true);
        objects.Memory.WriteU32(overflow + (ulong)layout.LongDigits + 8, 0x3f); // 2^64 * 15: does not fit
        ulong badDigit = objects.Int(7, asLong: true);
        objects.Memory.WriteU32(badDigit + (ulong)layout.LongDigits, 1u << 31);
        ulong notANumber = objects.Str("12");

        foreach (ulong number in new[] { negative, tooLong, overflow, badDigit, notANumber })
        {
            Assert.True(types.TryReadTypeOf(number, out PyTypeInfo type));
            Assert.False(ints.TryReadUnsigned(number, type, out _));
        }
    }

    public static TheoryData<string> LayoutDataAll() => LayoutData.All();
}
