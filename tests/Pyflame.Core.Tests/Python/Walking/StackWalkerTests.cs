using Pyflame.Core.Model;
using Pyflame.Core.Python.Layouts;
using Pyflame.Core.Python.Walking;
using Pyflame.Core.Tests.Fakes;

namespace Pyflame.Core.Tests.Python.Walking;

/// <summary>The walker on synthetic memory shaped by each real generated layout, healthy and broken.</summary>
public sealed class StackWalkerTests
{
    public static TheoryData<string> Versions()
    {
        TheoryData<string> data = [];
        foreach (PyLayout layout in GeneratedLayouts.All)
        {
            data.Add(layout.Version.ToString());
        }

        return data;
    }

    private static PyHeapBuilder Builder(string version) =>
        new(GeneratedLayouts.All.Single(l => l.Version.ToString() == version));

    [Theory]
    [MemberData(nameof(Versions))]
    public void Walks_a_three_frame_stack_innermost_first_with_exact_lines(string version)
    {
        PyHeapBuilder heap = Builder(version);
        ulong module = heap.Frame(heap.Code("/app/main.py", "<module>", 1, 30), 0);
        ulong outer = heap.Frame(heap.Code("/app/main.py", "outer", 10, 12), module);
        ulong inner = heap.Frame(heap.Code("/app/lib.py", "inner", 20, 25), outer);
        heap.Interpreter((inner, 0x7f00, 4242));
        StackWalker walker = new(heap.Memory, heap.Runtime());

        List<ThreadRecord> threads = [];
        Assert.True(walker.TryReadThreads(threads, [], out ReadFailure? error), error?.Text);
        ThreadRecord thread = Assert.Single(threads);
        Assert.Equal(0x7f00UL, thread.PthreadId);
        List<FrameInfo> frames = [];
        Assert.True(walker.TryWalk(thread.TopFrame, frames, out error), error?.Text);

        Assert.Equal(
            [new FrameInfo("/app/lib.py", "inner", 25), new FrameInfo("/app/main.py", "outer", 12), new FrameInfo("/app/main.py", "<module>", 30)],
            frames);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void A_frame_pointing_into_unmapped_memory_fails_the_walk(string version)
    {
        PyHeapBuilder heap = Builder(version);
        ulong inner = heap.Frame(heap.Code("/a.py", "f", 1, 2), 0xdead_0000);
        StackWalker walker = new(heap.Memory, heap.Runtime());

        Assert.False(walker.TryWalk(inner, [], out ReadFailure? error));
        Assert.Contains("unreadable", error?.Text, StringComparison.Ordinal);
        Assert.Equal(FailureCause.Unreadable, error?.Cause);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void A_cycle_in_the_frame_chain_ends_at_the_depth_limit(string version)
    {
        PyHeapBuilder heap = Builder(version);
        ulong code = heap.Code("/a.py", "f", 1, 2);
        ulong a = heap.Frame(code, 0);
        ulong b = heap.Frame(code, a);
        heap.Memory.WriteU64(a + (ulong)(heap.Layout.UsesInterpreterFrames ? heap.Layout.IFramePrevious : heap.Layout.FrameBack), b);
        StackWalker walker = new(heap.Memory, heap.Runtime(), new WalkLimits { MaxDepth = 50 });

        Assert.False(walker.TryWalk(b, [], out ReadFailure? error));
        Assert.Contains("deeper than 50", error?.Text, StringComparison.Ordinal);
        Assert.Equal(FailureCause.TooDeep, error?.Cause);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void A_pointer_to_something_that_is_not_a_code_object_fails_the_walk(string version)
    {
        PyHeapBuilder heap = Builder(version);
        ulong notCode = heap.Allocate(512); // ob_type is 0, not &PyCode_Type
        ulong frame = heap.Frame(notCode, 0);
        StackWalker walker = new(heap.Memory, heap.Runtime());

        Assert.False(walker.TryWalk(frame, [], out _));
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void A_truncated_string_fails_instead_of_returning_garbage(string version)
    {
        PyHeapBuilder heap = Builder(version);
        ulong code = heap.Code("/a.py", "f", 1, 2);
        heap.Memory.WriteU64(code + (ulong)heap.Layout.CodeName, 0xbad0_0000);
        StackWalker walker = new(heap.Memory, heap.Runtime());

        Assert.False(walker.TryWalk(heap.Frame(code, 0), [], out _));
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void A_code_object_address_reused_by_another_code_object_is_not_served_from_the_cache(string version)
    {
        // Code exec'd at start-up is freed, and a module's code object later lands at the same address.
        PyHeapBuilder heap = Builder(version);
        ulong code = heap.Code("<string>", "<module>", 1, 1);
        ulong frame = heap.Frame(code, 0);
        StackWalker walker = new(heap.Memory, heap.Runtime());
        List<FrameInfo> frames = [];
        Assert.True(walker.TryWalk(frame, frames, out ReadFailure? error), error?.Text);
        ulong replacement = heap.Code("/app/service.py", "<genexpr>", 40, 41);
        foreach (int field in new[] { heap.Layout.CodeFilename, heap.Layout.CodeName, heap.Layout.CodeLineTable })
        {
            byte[] pointer = new byte[8];
            heap.Memory.Read(replacement + (ulong)field, pointer);
            heap.Memory.WriteBytes(code + (ulong)field, pointer);
        }

        heap.Memory.WriteI32(code + (ulong)heap.Layout.CodeFirstLineno, 40);

        walker.BeginSample();
        Assert.True(walker.TryWalk(frame, frames, out error), error?.Text);
        Assert.Equal(new FrameInfo("/app/service.py", "<genexpr>", 41), Assert.Single(frames));
    }

    [Fact]
    public void Within_one_sample_a_code_object_header_is_read_once_however_many_frames_name_it()
    {
        PyHeapBuilder heap = Builder(GeneratedLayouts.Python312.Version.ToString());
        ulong code = heap.Code("/m.py", "recurse", 5, 6);
        ulong frame = 0;
        for (int depth = 0; depth < 20; depth++)
        {
            frame = heap.Frame(code, frame);
        }

        StackWalker walker = new(heap.Memory, heap.Runtime());
        List<FrameInfo> frames = [];
        Assert.True(walker.TryWalk(frame, frames, out ReadFailure? error), error?.Text); // loads names and line table
        walker.BeginSample();
        int before = heap.Memory.ReadCount;

        Assert.True(walker.TryWalk(frame, frames, out error), error?.Text);

        Assert.Equal(20, frames.Count);
        // The 20 frames, the C-stack entry frame every 3.12 thread's chain ends at, and the shared header once.
        Assert.Equal(20 + 1 + 1, heap.Memory.ReadCount - before);
    }

    [Fact]
    public void C_stack_shim_frames_are_skipped_on_3_12()
    {
        PyHeapBuilder heap = Builder(GeneratedLayouts.Python312.Version.ToString());
        ulong module = heap.Frame(heap.Code("/m.py", "<module>", 1, 3), 0);
        ulong shim = heap.Frame(heap.Code("<shim>", "<interpreter trampoline>", 0, 0), module, owner: 3);
        ulong f = heap.Frame(heap.Code("/m.py", "f", 5, 6), shim);
        StackWalker walker = new(heap.Memory, heap.Runtime());

        List<FrameInfo> frames = [];
        Assert.True(walker.TryWalk(f, frames, out ReadFailure? error), error?.Text);
        Assert.Equal(["f", "<module>"], frames.Select(x => x.Function));
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void A_chain_that_ends_at_a_suspended_generator_frame_fails_instead_of_losing_its_callers(string version)
    {
        // What a torn read sees: the top frame was a running generator's, which then yielded (its caller link is
        // cleared while suspended). Accepted, it would be a whole stack with every caller missing.
        PyHeapBuilder heap = Builder(version);
        const int CoGenerator = 0x20;
        byte generatorOwner = 1; // FRAME_OWNED_BY_GENERATOR (3.11+); frame objects before 3.11 carry no owner
        ulong generator = heap.Frame(heap.Code("/app/gen.py", "<genexpr>", 14, 14, CoGenerator), 0, generatorOwner);
        StackWalker walker = new(heap.Memory, heap.Runtime());

        Assert.False(walker.TryWalk(generator, [], out ReadFailure? error));
        Assert.Contains("not at the thread's first frame", error?.Text, StringComparison.Ordinal);
        Assert.Equal(FailureCause.Changing, error?.Cause);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void A_running_generator_linked_to_its_caller_walks_to_the_thread_bottom(string version)
    {
        PyHeapBuilder heap = Builder(version);
        ulong module = heap.Frame(heap.Code("/app/main.py", "<module>", 1, 30), 0);
        ulong generator = heap.Frame(heap.Code("/app/gen.py", "<genexpr>", 14, 14, flags: 0x20), module, owner: 1);
        StackWalker walker = new(heap.Memory, heap.Runtime());

        List<FrameInfo> frames = [];
        Assert.True(walker.TryWalk(generator, frames, out ReadFailure? error), error?.Text);
        Assert.Equal([new FrameInfo("/app/gen.py", "<genexpr>", 14), new FrameInfo("/app/main.py", "<module>", 30)], frames);
    }

    [Fact]
    public void On_312_a_chain_must_end_at_the_C_stack_entry_frame()
    {
        PyHeapBuilder heap = Builder(GeneratedLayouts.Python312.Version.ToString());
        ulong returned = heap.Frame(heap.Code("/m.py", "f", 5, 6), 0, owner: 2); // FRAME_OWNED_BY_FRAME_OBJECT
        StackWalker walker = new(heap.Memory, heap.Runtime());

        Assert.False(walker.TryWalk(returned, [], out ReadFailure? error));
        Assert.Contains("not at the thread's first frame", error?.Text, StringComparison.Ordinal);
        Assert.Equal(FailureCause.Changing, error?.Cause);
    }

    [Fact]
    public void A_thread_state_of_another_interpreter_fails_the_thread_list()
    {
        PyHeapBuilder heap = Builder(GeneratedLayouts.Python311.Version.ToString());
        ulong interp = heap.Interpreter((0, 1, 1), (0, 2, 2));
        ulong second = heap.ThreadStates(interp)[1];
        heap.Memory.WriteU64(second + (ulong)heap.Layout.ThreadInterp, 0x1234);
        StackWalker walker = new(heap.Memory, heap.Runtime());

        Assert.False(walker.TryReadThreads([], [], out ReadFailure? error));
        Assert.Contains("another interpreter", error?.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_interpreter_is_reported_as_not_initialised()
    {
        PyHeapBuilder heap = Builder(GeneratedLayouts.Python39.Version.ToString());
        StackWalker walker = new(heap.Memory, heap.Runtime());

        Assert.False(walker.IsInterpreterReady());
        Assert.False(walker.TryReadThreads([], [], out ReadFailure? error));
        Assert.Contains("not initialised", error?.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_thread_state_current_pointer_names_the_gil_holder_before_3_12()
    {
        PyHeapBuilder heap = Builder(GeneratedLayouts.Python38.Version.ToString());
        ulong interp = heap.Interpreter((0, 1, 1), (0, 2, 2));
        ulong holder = heap.ThreadStates(interp)[1];
        ulong current = PyHeapBuilder.RuntimeAddress + (ulong)heap.Layout.RuntimeTstateCurrent;
        heap.Memory.WriteU64(current, holder);
        StackWalker walker = new(heap.Memory, heap.Runtime(threadStateCurrent: current));

        List<ulong> holders = [];
        Assert.True(walker.TryReadThreads([], holders, out ReadFailure? error), error?.Text);
        Assert.Equal([holder], holders);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(0, false)]
    public void On_3_12_the_holder_counts_only_while_the_gil_is_locked(int locked, bool expectHolder)
    {
        PyHeapBuilder heap = Builder(GeneratedLayouts.Python312.Version.ToString());
        ulong interp = heap.Interpreter((0, 1, 1));
        ulong tstate = heap.ThreadStates(interp)[0];
        heap.InterpreterGil(interp, tstate, locked);
        StackWalker walker = new(heap.Memory, heap.Runtime());

        List<ulong> holders = [];
        Assert.True(walker.TryReadThreads([], holders, out ReadFailure? error), error?.Text);
        Assert.Equal(expectHolder, holders.Contains(tstate));
    }
}
