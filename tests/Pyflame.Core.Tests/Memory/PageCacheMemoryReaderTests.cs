using Pyflame.Core.Memory;
using Pyflame.Core.Tests.Fakes;

namespace Pyflame.Core.Tests.Memory;

public sealed class PageCacheMemoryReaderTests
{
    private readonly SyntheticMemory _memory = new();

    public PageCacheMemoryReaderTests()
    {
        byte[] block = _memory.Map(0x10000, 3 * 4096);
        for (int i = 0; i < block.Length; i++)
        {
            block[i] = (byte)(i * 7);
        }
    }

    [Fact]
    public void Neighbouring_reads_in_one_page_cost_one_read_of_the_target()
    {
        PageCacheMemoryReader cache = new(_memory);
        Span<byte> buffer = stackalloc byte[16];

        for (int i = 0; i < 100; i++)
        {
            Assert.Equal(16, cache.Read(0x10000 + (ulong)(i * 32), buffer));
            Assert.Equal((byte)(i * 32 * 7), buffer[0]);
        }

        Assert.Equal(1, cache.PageReads);
    }

    [Fact]
    public void A_read_across_a_page_boundary_is_stitched_from_both_pages()
    {
        PageCacheMemoryReader cache = new(_memory);
        byte[] direct = new byte[64];
        byte[] cached = new byte[64];
        _memory.Read(0x10000 + 4096 - 30, direct);

        Assert.Equal(64, cache.Read(0x10000 + 4096 - 30, cached));
        Assert.Equal(direct, cached);
        Assert.Equal(2, cache.PageReads);
    }

    [Fact]
    public void Invalidate_makes_the_next_read_see_what_the_target_changed()
    {
        PageCacheMemoryReader cache = new(_memory);
        Assert.True(cache.TryRead(0x10010, out ulong before));
        _memory.WriteU64(0x10010, before + 1);

        Assert.True(cache.TryRead(0x10010, out ulong stale));
        cache.Invalidate();
        Assert.True(cache.TryRead(0x10010, out ulong fresh));

        Assert.Equal(before, stale);
        Assert.Equal(before + 1, fresh);
    }

    [Fact]
    public void A_page_that_is_only_partly_mapped_is_read_directly_and_stops_at_the_end_of_the_mapping()
    {
        _memory.Map(0x90000, 100);
        PageCacheMemoryReader cache = new(_memory);
        byte[] buffer = new byte[200];

        Assert.Equal(100, cache.Read(0x90000, buffer));
        Assert.Equal(0, cache.Read(0xA0000, buffer));
    }

    [Fact]
    public void A_phase_run_again_fetches_the_pages_it_used_last_time_in_one_batch()
    {
        CallCountingMemory counting = new(_memory);
        PageCacheMemoryReader cache = new(counting);
        cache.BeginPhase(ReadPhase.Walk);
        ReadU64s(cache, 0x10008, 0x12010, 0x11000);
        Assert.Equal((3, 0), (counting.Reads, counting.Batches));

        cache.BeginPhase(ReadPhase.Walk);
        ulong[] values = ReadU64s(cache, 0x10008, 0x12010, 0x11000);

        Assert.Equal((3, 1), (counting.Reads, counting.Batches));
        Assert.Equal([0x10000UL, 0x12000UL, 0x11000UL], counting.LastBatchPages); // first-use order
        Assert.Equal(values, ReadU64s(new PageCacheMemoryReader(_memory), 0x10008, 0x12010, 0x11000));
    }

    [Fact]
    public void Each_phase_remembers_its_own_pages()
    {
        CallCountingMemory counting = new(_memory);
        PageCacheMemoryReader cache = new(counting);
        cache.BeginPhase(ReadPhase.Find);
        ReadU64s(cache, 0x10000);
        cache.BeginPhase(ReadPhase.Recheck);
        ReadU64s(cache, 0x12000);

        cache.BeginPhase(ReadPhase.Find);
        Assert.Equal([0x10000UL], counting.LastBatchPages);
        cache.BeginPhase(ReadPhase.Recheck);
        Assert.Equal([0x12000UL], counting.LastBatchPages);
    }

    [Fact]
    public void A_batched_page_shows_what_the_target_wrote_since_the_last_run()
    {
        PageCacheMemoryReader cache = new(_memory);
        cache.BeginPhase(ReadPhase.Walk);
        Assert.True(cache.TryRead(0x11010, out ulong before));
        _memory.WriteU64(0x11010, before + 5);

        cache.BeginPhase(ReadPhase.Walk);

        Assert.True(cache.TryRead(0x11010, out ulong after));
        Assert.Equal(before + 5, after);
    }

    [Fact]
    public void A_page_no_longer_used_drops_out_of_the_batch_after_some_runs()
    {
        CallCountingMemory counting = new(_memory);
        PageCacheMemoryReader cache = new(counting);
        cache.BeginPhase(ReadPhase.Walk);
        ReadU64s(cache, 0x10000, 0x11000);

        for (int run = 0; run < 20; run++)
        {
            cache.BeginPhase(ReadPhase.Walk);
            ReadU64s(cache, 0x10000);
        }

        cache.BeginPhase(ReadPhase.Walk);
        Assert.Equal([0x10000UL], counting.LastBatchPages);
    }

    [Fact]
    public void A_remembered_page_that_was_unmapped_is_skipped_and_later_pages_are_read_on_demand()
    {
        _memory.Map(0x40000, 4096);
        _memory.WriteU64(0x40000, 77);
        CallCountingMemory counting = new(_memory);
        PageCacheMemoryReader cache = new(counting);
        cache.BeginPhase(ReadPhase.Retry);
        ReadU64s(cache, 0x10000, 0x40000, 0x12000);
        _memory.Unmap(0x40000);

        cache.BeginPhase(ReadPhase.Retry);

        Assert.True(cache.TryRead(0x10000, out ulong _));
        Assert.False(cache.TryRead(0x40000, out ulong _));
        Assert.True(cache.TryRead(0x12000, out ulong _));
        Assert.Equal(1, counting.Batches);
    }

    [Fact]
    public void Continuing_with_a_phase_keeps_the_cached_pages_and_fetches_only_the_others()
    {
        CallCountingMemory counting = new(_memory);
        PageCacheMemoryReader cache = new(counting);
        cache.BeginPhase(ReadPhase.Walk);
        ReadU64s(cache, 0x10000);
        cache.ContinuePhase(ReadPhase.RetryRecheck);
        ReadU64s(cache, 0x10000, 0x11000, 0x12000);
        Assert.True(cache.TryRead(0x10010, out ulong before));
        _memory.WriteU64(0x10010, before + 1);

        cache.BeginPhase(ReadPhase.Walk);
        Assert.Equal([0x10000UL], counting.LastBatchPages);
        cache.ContinuePhase(ReadPhase.RetryRecheck);

        Assert.Equal([0x11000UL, 0x12000UL], counting.LastBatchPages); // 0x10000 is cached already, as of phase 1
        Assert.True(cache.TryRead(0x10010, out ulong after));
        Assert.Equal(before + 1, after);
    }

    [Fact]
    public void A_phase_run_again_fetches_only_the_bytes_it_touched_widened_to_64_bytes()
    {
        CallCountingMemory counting = new(_memory);
        PageCacheMemoryReader cache = new(counting);
        byte[] tail = new byte[16];
        cache.BeginPhase(ReadPhase.Walk);
        ReadU64s(cache, 0x10108, 0x10200);
        Assert.Equal(16, cache.Read(0x11ff0, tail));

        cache.BeginPhase(ReadPhase.Walk);
        ulong[] values = ReadU64s(cache, 0x10108, 0x10200);
        Assert.Equal(16, cache.Read(0x11ff0, tail));

        Assert.Equal([0x10100UL, 0x11fc0UL], counting.LastBatch);
        Assert.Equal([0x140, 0x40], counting.LastBatchLengths); // [0x108, 0x208) and [0xff0, 0x1000), to 64-byte bounds
        Assert.Equal(0, cache.PagesReadOnDemand);
        Assert.Equal(ReadU64s(new PageCacheMemoryReader(_memory), 0x10108, 0x10200), values);
        Assert.Equal(Direct(0x11ff0, 16), tail);
    }

    [Fact]
    public void A_structure_read_a_few_bytes_longer_next_run_still_comes_from_the_batch()
    {
        PageCacheMemoryReader cache = new(_memory);
        cache.BeginPhase(ReadPhase.Walk);
        Assert.Equal(8, cache.Read(0x10100, new byte[8]));

        cache.BeginPhase(ReadPhase.Walk);

        Assert.Equal(24, cache.Read(0x10100, new byte[24]));
        Assert.Equal(0, cache.PagesReadOnDemand);
    }

    [Fact]
    public void A_read_outside_the_bytes_a_slot_holds_reads_the_whole_page_on_demand()
    {
        CallCountingMemory counting = new(_memory);
        PageCacheMemoryReader cache = new(counting);
        cache.BeginPhase(ReadPhase.Walk);
        ReadU64s(cache, 0x10100);
        cache.BeginPhase(ReadPhase.Walk);
        (int reads, long bytes) = (counting.Reads, counting.BytesReadSingly);

        ulong[] outside = ReadU64s(cache, 0x10800);
        ulong[] inside = ReadU64s(cache, 0x10100, 0x10f00);

        Assert.Equal((1, 4096L), (counting.Reads - reads, counting.BytesReadSingly - bytes)); // once, the whole page
        Assert.Equal(1, cache.PagesReadOnDemand);
        Assert.Equal(ReadU64s(new PageCacheMemoryReader(_memory), 0x10800, 0x10100, 0x10f00), outside.Concat(inside).ToArray());
    }

    [Fact]
    public void A_read_running_past_the_held_bytes_comes_wholly_from_the_page_read_again_never_from_two_copies()
    {
        PageCacheMemoryReader cache = new(_memory);
        cache.BeginPhase(ReadPhase.Walk);
        ReadU64s(cache, 0x10100);
        cache.BeginPhase(ReadPhase.Walk); // holds [0x100, 0x140) as of now
        _memory.WriteU64(0x10138, 0x1111); // the target runs on: both halves of the next read change
        _memory.WriteU64(0x10140, 0x2222);

        byte[] both = new byte[16];
        Assert.Equal(16, cache.Read(0x10138, both));

        // The read runs past the batch's copy, so all of it comes from the page read again: never old bytes, then new.
        Assert.Equal((0x1111UL, 0x2222UL), (BitConverter.ToUInt64(both, 0), BitConverter.ToUInt64(both, 8)));
        Assert.Equal(1, cache.PagesReadOnDemand);
    }

    [Fact]
    public void Leading_and_reread_pages_take_the_bytes_the_phase_remembers_and_unknown_ones_whole()
    {
        CallCountingMemory counting = new(_memory);
        PageCacheMemoryReader cache = new(counting);
        cache.BeginPhase(ReadPhase.Walk);
        Assert.Equal(80, cache.Read(0x11f00, new byte[80])); // a frame, say: its anchor check reads it again

        cache.BeginPhase(ReadPhase.Walk, [0x11UL, 0x12UL], [0x11UL, 0x10UL]);

        Assert.Equal([0x11f00UL, 0x12000UL, 0x11f00UL, 0x10000UL], counting.LastBatch);
        Assert.Equal([0x80, 4096, 0x80, 4096], counting.LastBatchLengths);
        byte[] again = new byte[80];
        Assert.Equal(80, cache.Rereads.Read(0x11f00, again));
        Assert.Equal(Direct(0x11f00, 80), again);
        Assert.Equal(0, cache.Rereads.Read(0x11e00, again)); // outside the bytes re-read: nothing, never stale bytes
        Assert.Equal(8, cache.Rereads.Read(0x10ff8, new byte[8]));
    }

    [Fact]
    public void A_pages_bytes_keep_what_rare_runs_touched_until_the_page_drops_out()
    {
        CallCountingMemory counting = new(_memory);
        PageCacheMemoryReader cache = new(counting);
        cache.BeginPhase(ReadPhase.Walk);
        ReadU64s(cache, 0x10100, 0x10800); // a function called now and then, and one called every time
        for (int run = 0; run < 2 * PageWorkingSet.RunsKept; run++)
        {
            cache.BeginPhase(ReadPhase.Walk);
            ReadU64s(cache, 0x10100);
        }

        cache.BeginPhase(ReadPhase.Walk);
        Assert.Equal([0x740], counting.LastBatchLengths); // [0x100, 0x840): the rare one's bytes are still there
        ReadU64s(cache, 0x10800);
        Assert.Equal(0, cache.PagesReadOnDemand);

        for (int run = 0; run <= PageWorkingSet.RunsKept; run++)
        {
            cache.BeginPhase(ReadPhase.Walk);
            ReadU64s(cache, 0x11000); // the page goes out of use, and drops out
        }

        ReadU64s(cache, 0x10100);
        cache.BeginPhase(ReadPhase.Walk);
        Assert.Equal([0x11000UL, 0x10100UL], counting.LastBatch);
        Assert.Equal([0x40, 0x40], counting.LastBatchLengths); // back, with only the bytes touched since
    }

    [Fact]
    public void Phases_outside_the_range_are_refused()
    {
        PageCacheMemoryReader cache = new(_memory);

        Assert.Throws<ArgumentOutOfRangeException>(() => cache.BeginPhase((ReadPhase)(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => cache.BeginPhase((ReadPhase)Enum.GetValues<ReadPhase>().Length));
        Assert.Throws<ArgumentOutOfRangeException>(() => cache.ContinuePhase((ReadPhase)(-1)));
    }

    private byte[] Direct(ulong address, int length)
    {
        byte[] bytes = new byte[length];
        Assert.Equal(length, _memory.Read(address, bytes));
        return bytes;
    }

    private static ulong[] ReadU64s(PageCacheMemoryReader cache, params ulong[] addresses) =>
        addresses.Select(a => cache.TryRead(a, out ulong value) ? value : throw new InvalidOperationException($"0x{a:x} unreadable")).ToArray();
}
