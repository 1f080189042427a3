using Pyflame.Core.Python.Layouts;
using Pyflame.Core.Python.Objects;
using Pyflame.Core.Python.Threads;
using Pyflame.Core.Tests.Fakes;
using Pyflame.Core.Tests.Python.Objects;

namespace Pyflame.Core.Tests.Python.Threads;

public sealed class ThreadNameReaderTests
{
    public static TheoryData<string> Layouts() => LayoutData.All();

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Reads_names_from_threading_active(string version)
    {
        var world = new ThreadNameWorld(LayoutData.Get(version), (0x7f00_0000_1000, "MainThread"), (0x7f00_0000_2000, "worker-1"));
        var reader = new ThreadNameReader(world.Objects.Memory, world.Runtime);
        var names = new Dictionary<ulong, string> { [0x55] = "kept" };

        Assert.True(reader.TryReadNames(world.Interpreter, names));

        Assert.Equal(
            new Dictionary<ulong, string> { [0x55] = "kept", [0x7f00_0000_1000] = "MainThread", [0x7f00_0000_2000] = "worker-1" },
            names);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Without_threading_or_a_dict_active_there_are_no_names(string version)
    {
        var world = new ThreadNameWorld(LayoutData.Get(version), (0x1000, "MainThread"));
        var reader = new ThreadNameReader(world.Objects.Memory, world.Runtime);
        var names = new Dictionary<ulong, string>();

        Assert.False(reader.TryReadNames(0, names));
        Assert.False(reader.TryReadNames(0xdead_0000, names));

        // _active that is not a dict (its type lacks Py_TPFLAGS_DICT_SUBCLASS).
        world.Objects.Memory.WriteU64(world.ActiveDict + (ulong)world.Objects.Layout.ObjectType, world.Objects.StrType);
        Assert.False(reader.TryReadNames(world.Interpreter, names));
        Assert.Empty(names);
    }

    [Fact]
    public void A_name_that_is_not_a_str_is_left_out()
    {
        PyLayout layout = GeneratedLayouts.Python310;
        var world = new ThreadNameWorld(layout, (0x1000, "MainThread"));
        var reader = new ThreadNameReader(world.Objects.Memory, world.Runtime);
        Assert.True(reader.TryReadNames(world.Interpreter, []));

        // Make every str look like a long: the module lookups go by known key addresses, the name is rejected.
        world.Objects.Memory.WriteU64(world.Objects.StrType + (ulong)layout.TypeFlags, (ulong)layout.TypeFlagLongSubclass);
        var names = new Dictionary<ulong, string>();
        Assert.True(reader.TryReadNames(world.Interpreter, names));
        Assert.Empty(names);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Corrupt_and_changing_memory_never_throws(string version)
    {
        var world = new ThreadNameWorld(LayoutData.Get(version), (0x1000, "MainThread"), (0x2000, "worker-1"), (0x3000, "sleepy"));
        int succeeded = 0;
        for (int seed = 0; seed < 300; seed++)
        {
            var memory = new CorruptingMemory(world.Objects.Memory, seed, corruptionRate: 0.3);
            var names = new Dictionary<ulong, string>();
            if (new ThreadNameReader(memory, world.Runtime).TryReadNames(world.Interpreter, names))
            {
                succeeded++;
            }

            Assert.True(names.Count <= 3 + 1, $"seed {seed}: {names.Count} names from 3 threads");
        }

        // Not every read is corrupted, so some attempts must still get through.
        Assert.InRange(succeeded, 1, 299);
    }
}
