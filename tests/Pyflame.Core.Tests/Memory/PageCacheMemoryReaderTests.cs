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
}
