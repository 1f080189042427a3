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
        Assert.Equal([0x10000UL, 0x12000UL, 0x11000UL], counting.LastBatch); // first-use order
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
        Assert.Equal([0x10000UL], counting.LastBatch);
        cache.BeginPhase(ReadPhase.Recheck);
        Assert.Equal([0x12000UL], counting.LastBatch);
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
        Assert.Equal([0x10000UL], counting.LastBatch);
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
        Assert.Equal([0x10000UL], counting.LastBatch);
        cache.ContinuePhase(ReadPhase.RetryRecheck);

        Assert.Equal([0x11000UL, 0x12000UL], counting.LastBatch); // 0x10000 is cached already, as of phase 1
        Assert.True(cache.TryRead(0x10010, out ulong after));
        Assert.Equal(before + 1, after);
    }

    [Fact]
    public void Phases_outside_the_range_are_refused()
    {
        PageCacheMemoryReader cache = new(_memory);

        Assert.Throws<ArgumentOutOfRangeException>(() => cache.BeginPhase((ReadPhase)(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => cache.BeginPhase((ReadPhase)Enum.GetValues<ReadPhase>().Length));
        Assert.Throws<ArgumentOutOfRangeException>(() => cache.ContinuePhase((ReadPhase)(-1)));
    }

    private static ulong[] ReadU64s(PageCacheMemoryReader cache, params ulong[] addresses) =>
        addresses.Select(a => cache.TryRead(a, out ulong value) ? value : throw new InvalidOperationException($"0x{a:x} unreadable")).ToArray();
}
