using System.Text.Json;
using Pyflame.Core.Dumping;
using Pyflame.Core.Model;
using Pyflame.Core.Python;
using Pyflame.Core.Python.Locals;
using Pyflame.Output.Dump;

namespace Pyflame.Output.Tests.Dump;

public class DumpJsonWriterTests
{
    [Fact]
    public void Writes_process_threads_frames_and_locals_with_nulls_for_what_the_version_lacks()
    {
        DumpedThread holder = new(7, 0x7f01, "MainThread", true, true, true,
        [
            new DumpedFrame(PseudoFrames.GarbageCollection, null, null),
            new DumpedFrame(new FrameInfo("/srv/app.py", "work", 7), "App.work", [new LocalVariable("n", LocalKind.Argument, "int", "42")]),
            new DumpedFrame(new FrameInfo("/srv/app.py", "<module>", 0), null, null),
        ]);
        DumpedThread broken = new(9, 0x7f02, null, false, false, false, [], ReadFailure.Unreadable("frame 0x10 is unreadable"));
        using var stream = new MemoryStream();
        DumpJsonWriter.Write(new ProcessDump(42, new PythonVersion(3, 12, 1), true, [broken, holder]), stream);

        using JsonDocument document = JsonDocument.Parse(stream.ToArray());
        JsonElement root = document.RootElement;
        Assert.Equal(42, root.GetProperty("pid").GetInt32());
        Assert.Equal("3.12.1", root.GetProperty("python_version").GetString());
        Assert.True(root.GetProperty("gc_running").GetBoolean());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("error").ValueKind);
        JsonElement[] threads = [.. root.GetProperty("threads").EnumerateArray()];
        Assert.Equal([7, 9], threads.Select(t => t.GetProperty("os_thread_id").GetInt32()));

        JsonElement first = threads[0];
        Assert.Equal(0x7f01UL, first.GetProperty("python_thread_id").GetUInt64());
        Assert.Equal("MainThread", first.GetProperty("name").GetString());
        Assert.True(first.GetProperty("holds_gil").GetBoolean());
        Assert.Equal("running", first.GetProperty("state").GetString());
        Assert.True(first.GetProperty("collecting_garbage").GetBoolean());
        JsonElement[] frames = [.. first.GetProperty("frames").EnumerateArray()];
        Assert.Equal(["work", "<module>"], frames.Select(f => f.GetProperty("function").GetString())); // (gc) is a thread fact, not a frame
        Assert.Equal("App.work", frames[0].GetProperty("qualified_name").GetString());
        Assert.Equal(7, frames[0].GetProperty("line").GetInt32());
        JsonElement local = Assert.Single(frames[0].GetProperty("locals").EnumerateArray());
        Assert.Equal(["n", "argument", "int", "42"], new[] { "name", "kind", "type", "value" }.Select(p => local.GetProperty(p).GetString()));
        Assert.Equal(JsonValueKind.Null, frames[1].GetProperty("line").ValueKind);
        Assert.Equal(JsonValueKind.Null, frames[1].GetProperty("locals").ValueKind);
        Assert.Equal(JsonValueKind.Null, frames[1].GetProperty("qualified_name").ValueKind);

        Assert.Equal("idle", threads[1].GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, threads[1].GetProperty("name").ValueKind);
        Assert.Equal("frame 0x10 is unreadable", threads[1].GetProperty("error").GetString());
    }
}
