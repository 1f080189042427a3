using Pyflame.Core.Python.Layouts;

namespace Pyflame.Core.Tests.Python.Layouts;

/// <summary>The schemas against facts taken from CPython's headers, independently of how the schemas are written.</summary>
public sealed class DebugOffsetsSchemaTests
{
    [Fact]
    public void Sizes_are_those_of_cpythons_own_struct()
    {
        // 3.13: 73 uint64s; 3.14 and 3.15: static_assert(sizeof(_Py_DebugOffsets) == ...) in the
        // remote-debugging module's debug_offsets_validation.h (760 for 3.14, 888 for 3.15).
        Assert.Equal(584, DebugOffsetsSchemas.Python313.TotalSize);
        Assert.Equal(760, DebugOffsetsSchemas.Python314.TotalSize);
        Assert.Equal(888, DebugOffsetsSchemas.Python315.TotalSize);
    }

    [Theory]
    // 3.13 (Include/internal/pycore_runtime.h), positions as read off a 3.13.0 process's table.
    [InlineData(13, "runtime_state.interpreters_head", 40)]
    [InlineData(13, "interpreter_state.threads_head", 72)]
    [InlineData(13, "interpreter_state.gil_runtime_state_holder", 144)]
    [InlineData(13, "thread_state.current_frame", 184)]
    [InlineData(13, "interpreter_frame.owner", 264)]
    [InlineData(13, "code_object.co_code_adaptive", 344)]
    [InlineData(13, "unicode_object.asciiobject_size", 560)]
    // 3.14 adds threads_main after threads_head, stackpointer/tlbc_index and co_tlbc, set/gen/llist/debugger sections.
    [InlineData(14, "interpreter_state.threads_main", 80)]
    [InlineData(14, "thread_state.current_frame", 208)]
    [InlineData(14, "code_object.co_tlbc", 392)]
    [InlineData(14, "gen_object.gi_iframe", 680)]
    // 3.15 adds base_frame...last_profiled_frame_seq after current_frame and holds_gil/gil_requested after status.
    [InlineData(15, "thread_state.base_frame", 216)]
    [InlineData(15, "thread_state.thread_id", 240)]
    [InlineData(15, "thread_state.holds_gil", 272)]
    [InlineData(15, "thread_state.gil_requested", 280)]
    public void Known_positions(int minor, string field, int position)
    {
        DebugOffsetsSchema schema = DebugOffsetsSchemas.All.Single(s => s.Version.Minor == minor);
        Assert.Equal(position, schema.PositionOf(field));
    }

    [Theory]
    [InlineData(0x030E0AF0UL, 14)]   // 3.14.10
    [InlineData(0x030F02F0UL, 15)]   // 3.15.2
    [InlineData(0x030D12F0UL, 13)]   // 3.13.18
    public void Final_releases_find_their_minors_schema(ulong hex, int minor)
    {
        Assert.Equal(minor, DebugOffsetsSchemas.Find(hex, out string? problem)!.Version.Minor);
        Assert.Null(problem);
    }

    [Fact]
    public void A_pre_release_without_its_own_schema_is_refused_by_name()
    {
        Assert.Null(DebugOffsetsSchemas.Find(0x030F00B3, out string? problem));
        Assert.Contains("3.15.0b3 is a pre-release", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_newer_minor_names_the_newest_supported_version()
    {
        Assert.Null(DebugOffsetsSchemas.Find(0x031000F0, out string? problem));
        Assert.Equal("Python 3.16 is newer than this Pyflame supports (newest: 3.15); a newer Pyflame may read it", problem);
    }
}
