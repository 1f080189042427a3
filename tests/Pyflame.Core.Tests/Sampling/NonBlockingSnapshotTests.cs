using Pyflame.Core.Memory;
using Pyflame.Core.Memory.Snapshots;
using Pyflame.Core.Model;
using Pyflame.Core.Python.Layouts;
using Pyflame.Core.Python.Walking;
using Pyflame.Core.Sampling;
using Pyflame.Core.Tests.Fakes;

namespace Pyflame.Core.Tests.Sampling;

/// <summary>
/// Non-blocking mode reads a steady stack in one batch: thread state, top frame and data-stack chunk (3.11+) from the
/// top down, the rest of the walk's pages, then the anchor's page again. The frames here live in a 3.12 data-stack
/// chunk, as CPython puts them, under a C-stack entry frame.
/// </summary>
public sealed class NonBlockingSnapshotTests
{
    private const int FrameStride = 0x100;
    private readonly PyHeapBuilder _heap = new(GeneratedLayouts.Python312);
    private readonly ulong _chunk;
    private readonly ulong _tstate;
    private readonly ulong _topField;
    private readonly ulong _callerCode;
    private readonly ulong _leafCode;

    public NonBlockingSnapshotTests()
    {
        PyLayout layout = _heap.Layout;
        _chunk = _heap.Allocate(3 * 4096);
        ulong entry = _heap.Frame(0, 0, (byte)layout.ThreadBottomOwner);
        ulong module = ChunkFrame(0, _heap.Code("/m.py", "<module>", 1, 9), entry);
        _callerCode = _heap.Code("/m.py", "caller", 10, 12);
        ulong caller = ChunkFrame(1, _callerCode, module);
        _leafCode = _heap.Code("/m.py", "leaf", 20, 21);
        ulong leaf = ChunkFrame(2, _leafCode, caller);
        ulong interp = _heap.Interpreter((leaf, 0x1, 11));
        _tstate = _heap.ThreadStates(interp)[0];
        _heap.Memory.WriteU64(_tstate + (ulong)layout.ThreadDatastackChunk, _chunk);
        _heap.InterpreterGil(interp, _tstate);
        _topField = ReadU64(_tstate + (ulong)layout.ThreadCFrame) + (ulong)layout.CFrameCurrentFrame;
    }

    [Fact]
    public void A_steady_sample_costs_one_batch_and_no_other_read()
    {
        CallCountingMemory counting = new(new PageGranularMemory(_heap.Memory));
        NonBlockingSampleTaker taker = Taker(counting);
        _ = taker.Take(0, allThreads: false);
        _ = taker.Take(0, allThreads: false);
        (int reads, int batches) = (counting.Reads, counting.Batches);

        Sample sample = taker.Take(0, allThreads: false);

        Assert.Equal(["leaf", "caller", "<module>"], Functions(sample));
        Assert.Equal((0, 1), (counting.Reads - reads, counting.Batches - batches));
    }

    [Fact]
    public void The_batch_copies_the_thread_state_then_the_chunk_from_its_top_page_down_and_the_anchor_page_last()
    {
        CallCountingMemory counting = new(new PageGranularMemory(_heap.Memory));
        NonBlockingSampleTaker taker = Taker(counting);
        ulong top = ChunkFrame(40, _leafCode, ChunkFrameAddress(39)); // two pages up: frames 3-39 are callers too
        for (int i = 3; i <= 39; i++)
        {
            _ = ChunkFrame(i, _callerCode, ChunkFrameAddress(i - 1));
        }

        _heap.Memory.WriteU64(_topField, top);
        _ = taker.Take(0, allThreads: false);

        _ = taker.Take(0, allThreads: false);

        ulong[] batch = counting.LastBatchPages;
        Assert.Equal(_tstate & ~0xfffUL, batch[0]);
        int[] chunkPages = [.. new[] { 2, 1, 0 }.Select(page => Array.IndexOf(batch, _chunk + (ulong)(page * 4096)))];
        Assert.All(chunkPages, index => Assert.True(index > 0));
        Assert.True(chunkPages[0] < chunkPages[1] && chunkPages[1] < chunkPages[2], "the chunk is copied from its top page down");
        Assert.Equal(ChunkFrameAddress(39) & ~0xfffUL, batch[^1]); // the anchor (the top's caller) again, last
    }

    [Fact]
    public void A_caller_replaced_while_the_batch_was_copied_is_caught_by_its_second_copy_and_read_again()
    {
        bool armed = false;
        ulong callerFrame = ChunkFrameAddress(1);
        ulong otherCode = _heap.Code("/m.py", "other", 30, 31);
        ChangingMemory memory = new(new PageGranularMemory(_heap.Memory), (_, address) =>
        {
            if (armed && (address & ~0xfffUL) == (callerFrame & ~0xfffUL))
            {
                armed = false; // the batch has copied the caller's page: the caller returns and another function runs there
                _heap.Memory.WriteU64(callerFrame + (ulong)_heap.Layout.IFrameCode, otherCode);
                _heap.Memory.WriteU64(callerFrame + (ulong)_heap.Layout.IFrameInstrPtr, otherCode + (ulong)_heap.Layout.CodeCodeAdaptive + 4);
            }
        });
        NonBlockingSampleTaker taker = Taker(memory);
        _ = taker.Take(0, allThreads: false);
        armed = true;

        Sample sample = taker.Take(0, allThreads: false);

        Assert.False(armed);
        Assert.Equal(["leaf", "other", "<module>"], Functions(sample)); // never leaf;caller;<module> from the stale copy
    }

    [Fact]
    public void A_stack_that_grew_onto_a_page_the_batch_did_not_foresee_is_read_right_and_foreseen_next_time()
    {
        CallCountingMemory counting = new(new PageGranularMemory(_heap.Memory));
        NonBlockingSampleTaker taker = Taker(counting);
        _ = taker.Take(0, allThreads: false);
        _ = taker.Take(0, allThreads: false);
        ulong deeper = ChunkFrame(40, _heap.Code("/m.py", "deeper", 40, 41), ChunkFrameAddress(2)); // on the chunk's third page
        _heap.Memory.WriteU64(_topField, deeper);

        Sample grown = taker.Take(0, allThreads: false);
        (int reads, int batches) = (counting.Reads, counting.Batches);
        Sample again = taker.Take(0, allThreads: false);

        Assert.Equal(["deeper", "leaf", "caller", "<module>"], Functions(grown));
        Assert.Equal(Functions(grown), Functions(again));
        Assert.Equal((0, 1), (counting.Reads - reads, counting.Batches - batches));
    }

    [Theory]
    [InlineData(0x10_0000_0000UL)]        // a top frame far beyond the chunk (a garbage or foreign pointer)
    [InlineData(0xFFFF_FFFF_FFFF_F000UL)] // a chunk at the top of the address space
    [InlineData(0x800UL)]                 // a chunk on page 0
    public void A_corrupt_or_oversized_chunk_costs_a_bounded_page_list(ulong chunk)
    {
        SnapshotPlan plan = new(threadStateBytes: 320, frameBytes: 80);
        plan.BeginRecording();
        plan.Record(new ThreadRecord(0x5000_0000, 0, 0, 1, TopFrame: chunk + 0x1000_0000, CFrame: 0x7fff_0000, DataStackChunk: chunk), default);
        plan.Record(new ThreadRecord(0x5000_1000, 0, 0, 2, TopFrame: chunk + 200_000, CFrame: 0, DataStackChunk: chunk), default);

        plan.Build();

        Assert.InRange(plan.Leading.Length, 1, PageCacheMemoryReader.MaxLeadingPages);
        ulong maxChunkPages = (SnapshotPlan.MaxChunkBytes >> 12) + 1;
        Assert.True((ulong)plan.Leading.ToArray().Count(page => page >= chunk >> 12 && page - (chunk >> 12) <= maxChunkPages) <= maxChunkPages + 1);
        Assert.Empty(plan.Rereads.ToArray());
    }

    [Fact]
    public void A_chunk_claiming_more_than_the_cap_is_read_only_up_to_it_and_the_rest_on_demand()
    {
        SnapshotPlan plan = new(threadStateBytes: 320, frameBytes: 80);
        plan.BeginRecording();
        plan.Record(new ThreadRecord(0x5000_0000, 0, 0, 1, TopFrame: 0x1000_0000 + (SnapshotPlan.MaxChunkBytes - 0x100), 0, DataStackChunk: 0x1000_0000), default);

        plan.Build();

        // The thread state's page, the top frame's, and the chunk's 64 pages (the top one shared with the top frame).
        Assert.Equal(1 + 64, plan.Leading.Length);
    }

    [Fact]
    public void A_walk_from_a_snapshot_names_every_frame_like_a_walk_of_the_memory_itself()
    {
        Sample direct = new NonBlockingSampleTaker(new StackWalker(_heap.Memory, _heap.Runtime()), activity: null).Take(0, allThreads: true);

        Sample cached = Taker(new PageGranularMemory(_heap.Memory)).Take(0, allThreads: true);

        Assert.Equal(Functions(direct), Functions(cached));
        Assert.Equal(["leaf", "caller", "<module>"], Functions(cached));
    }

    [Fact]
    public void A_steady_sample_allocates_only_the_sample_it_returns()
    {
        // The target's pages as recorded by one walk, served by dictionary lookups (the synthetic heap's own lookups allocate).
        RecordingMemoryReader recording = new(new PageGranularMemory(_heap.Memory));
        _ = Taker(recording).Take(0, allThreads: false);
        NonBlockingSampleTaker taker = Taker(new ReplayMemoryReader(recording.Pages.ToDictionary()));
        for (int i = 0; i < 10; i++)
        {
            _ = taker.Take(0, allThreads: false); // warm: code objects resolved, working sets and plan filled
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            _ = taker.Take(0, allThreads: false);
        }

        long perSample = (GC.GetAllocatedBytesForCurrentThread() - before) / 100;

        // The Sample, its thread array, one ThreadStack and its 3-frame array: about 300 bytes; reading and walking
        // (page cache, plan, walker, code-object cache) allocate nothing.
        Assert.InRange(perSample, 1, 400);
    }

    private NonBlockingSampleTaker Taker(IMemoryReader target)
    {
        PageCacheMemoryReader cache = new(target);
        return new NonBlockingSampleTaker(new StackWalker(cache, _heap.Runtime()), activity: null, pageCache: cache);
    }

    private static string[] Functions(Sample sample) => [.. Assert.Single(sample.Threads).Frames.Select(f => f.Function)];

    private ulong ChunkFrameAddress(int index) => _chunk + (ulong)_heap.Layout.ChunkData + (ulong)(index * FrameStride);

    /// <summary>A _PyInterpreterFrame in the chunk's slot <paramref name="index"/>, running <paramref name="code"/>.</summary>
    private ulong ChunkFrame(int index, ulong code, ulong previous)
    {
        PyLayout layout = _heap.Layout;
        ulong frame = ChunkFrameAddress(index);
        _heap.Memory.WriteU64(frame + (ulong)layout.IFrameCode, code);
        _heap.Memory.WriteU64(frame + (ulong)layout.IFramePrevious, previous);
        _heap.Memory.WriteU64(frame + (ulong)layout.IFrameInstrPtr, code + (ulong)layout.CodeCodeAdaptive + 4);
        _heap.Memory.WriteByte(frame + (ulong)layout.IFrameOwner, 0);
        return frame;
    }

    private ulong ReadU64(ulong address)
    {
        Span<byte> buffer = stackalloc byte[8];
        _heap.Memory.Read(address, buffer);
        return BitConverter.ToUInt64(buffer);
    }
}
