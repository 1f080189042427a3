using System.Buffers.Binary;
using Pyflame.Core.Memory.Snapshots;

namespace Pyflame.Linux.Tests.Memory.Snapshots;

/// <summary>
/// Corrupted copies of a recorded snapshot, the ways a torn read or a hostile target corrupts memory: bytes flipped,
/// pointers redirected (to other recorded data, to themselves: cycles), small numbers (lengths, sizes, counts)
/// inflated, pages gone. Only the pages changed are copied. Seeded, so a failure names a case that can be re-run.
/// </summary>
internal sealed class SnapshotMutator(IReadOnlyDictionary<ulong, byte[]> pages)
{
    private static readonly ulong[] HugeValues = [1UL << 20, (1UL << 31) - 1, 1UL << 40, ulong.MaxValue, 0x7fff_ffff_ffff_fff0, 16UL << 20];

    private readonly ulong[] _addresses = [.. pages.Keys.Order()];

    public int PageCount => _addresses.Length;

    /// <summary>
    /// A copy with 1-3 corruptions; <paramref name="description"/> says which, <paramref name="onlyDropped"/> whether
    /// every one removed a page (memory went missing, none was changed).
    /// </summary>
    public Dictionary<ulong, byte[]> Mutate(Random random, out string description, out bool onlyDropped)
    {
        Dictionary<ulong, byte[]> copy = new(pages);
        List<string> applied = [];
        onlyDropped = true;
        int count = random.Next(1, 4);
        for (int i = 0; i < count; i++)
        {
            ulong page = _addresses[random.Next(_addresses.Length)];
            if (!copy.TryGetValue(page, out byte[]? original) || original.Length < 8)
            {
                continue;
            }

            byte[] bytes = ReferenceEquals(original, pages.GetValueOrDefault(page)) ? (byte[])original.Clone() : original;
            int slot = random.Next(bytes.Length / 8) * 8;
            ulong value = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(slot));
            switch (random.Next(5))
            {
                case 0:
                    int flips = random.Next(1, 9);
                    for (int f = 0; f < flips; f++)
                    {
                        bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                    }

                    applied.Add($"flip {flips} bytes in page 0x{page:x}");
                    break;
                case 1:
                    ulong to = _addresses[random.Next(_addresses.Length)] + (ulong)(random.Next(RecordingMemoryReader.PageSize / 8) * 8);
                    Write(bytes, FindPointer(bytes, random, slot), to);
                    applied.Add($"redirect a pointer in page 0x{page:x} to 0x{to:x}");
                    break;
                case 2:
                    int self = FindPointer(bytes, random, slot);
                    Write(bytes, self, page + (ulong)self);
                    applied.Add($"point 0x{page + (ulong)self:x} at itself");
                    break;
                case 3:
                    int small = FindSmall(bytes, random, slot);
                    ulong huge = HugeValues[random.Next(HugeValues.Length)];
                    Write(bytes, small, huge);
                    applied.Add($"inflate 0x{page + (ulong)small:x} to 0x{huge:x}");
                    break;
                default:
                    _ = copy.Remove(page);
                    applied.Add($"drop page 0x{page:x} (held 0x{value:x} at +{slot})");
                    continue;
            }

            copy[page] = bytes;
            onlyDropped = false;
        }

        description = string.Join("; ", applied);
        return copy;
    }

    /// <summary>An 8-byte slot that holds an address inside some recorded page, else <paramref name="fallback"/>.</summary>
    private int FindPointer(byte[] bytes, Random random, int fallback) =>
        FindSlot(bytes, random, fallback, value => pages.ContainsKey(value & ~(ulong)(RecordingMemoryReader.PageSize - 1)));

    /// <summary>An 8-byte slot that holds a small positive number (a length, size or count, likely), else <paramref name="fallback"/>.</summary>
    private static int FindSmall(byte[] bytes, Random random, int fallback) =>
        FindSlot(bytes, random, fallback, value => value is > 0 and <= 4096);

    private static int FindSlot(byte[] bytes, Random random, int fallback, Func<ulong, bool> wanted)
    {
        int slots = bytes.Length / 8;
        int start = random.Next(slots);
        for (int i = 0; i < slots; i++)
        {
            int slot = ((start + i) % slots) * 8;
            if (wanted(BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(slot))))
            {
                return slot;
            }
        }

        return fallback;
    }

    private static void Write(byte[] bytes, int slot, ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(slot), value);
}
