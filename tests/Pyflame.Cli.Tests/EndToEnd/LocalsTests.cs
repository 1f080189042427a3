using System.Text.Json;

namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>-d --locals and -d --json on tests/targets/locals.py: exact arguments, locals, cells and free variables.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class LocalsTests
{
    [Theory]
    [MemberData(nameof(PythonInstallations.Present), MemberType = typeof(PythonInstallations))]
    public void Dump_with_locals_prints_each_frames_exact_variables(string interpreter)
    {
        PythonInstallation python = PythonInstallations.Get(interpreter);
        using TargetProcess target = TargetProcess.Start(python, "locals.py");
        ChildProcessResult result = PyflameRunner.Run("-d", "--locals", "-p", target.PidText);

        Assert.True(result.ExitCode == 0, result.Describe());
        ProfileAssert.NoStackTrace(result);
        DumpThread thread = Assert.Single(DumpOutput.Parse(result.StdoutText));
        Assert.Equal(
            [
                target.Script.Frame("inner", "inner_sleep"),
                target.Script.Frame("outer", "outer_call"),
                target.Script.Frame(ExpectedStacks.Module, "module_call"),
            ],
            thread.Frames);
        LocalsTarget.AssertLines(LocalsTarget.Inner(python.Major), thread.Locals![0], result.Describe());
        LocalsTarget.AssertLines(LocalsTarget.Outer, thread.Locals[1], result.Describe());
        Assert.Empty(thread.Locals[2]); // module-level names are globals, not frame variables
        target.AssertAliveAndNotStopped();
    }

    [Theory]
    [MemberData(nameof(PythonInstallations.Spread), MemberType = typeof(PythonInstallations))]
    public void Json_dump_carries_the_process_threads_frames_and_typed_locals(string interpreter)
    {
        PythonInstallation python = PythonInstallations.Get(interpreter);
        using TargetProcess target = TargetProcess.Start(python, "locals.py");
        ChildProcessResult result = PyflameRunner.Run("-d", "--json", "--locals", "-p", target.PidText);

        Assert.True(result.ExitCode == 0, result.Describe());
        using JsonDocument document = JsonDocument.Parse(result.Stdout);
        JsonElement root = document.RootElement;
        Assert.Equal(target.Pid, root.GetProperty("pid").GetInt32());
        Assert.StartsWith($"{python.Major}.{python.Minor}.", root.GetProperty("python_version").GetString());
        Assert.False(root.GetProperty("gc_running").GetBoolean());
        JsonElement thread = Assert.Single(root.GetProperty("threads").EnumerateArray());
        Assert.Equal(target.Pid, thread.GetProperty("os_thread_id").GetInt32());
        Assert.True(thread.GetProperty("python_thread_id").GetUInt64() > 0, result.Describe());
        Assert.Equal("MainThread", thread.GetProperty("name").GetString());
        Assert.False(thread.GetProperty("holds_gil").GetBoolean()); // it sleeps in time.sleep, which releases the GIL
        Assert.Equal("idle", thread.GetProperty("state").GetString());

        JsonElement[] frames = [.. thread.GetProperty("frames").EnumerateArray()];
        Assert.Equal(3, frames.Length);
        bool qualified = python.Major == 3 && python.Minor >= 11;
        AssertFrame(frames[0], "inner", qualified ? "outer.<locals>.inner" : null, target.Script.Path, target.Script.Line("inner_sleep"));
        AssertFrame(frames[1], "outer", qualified ? "outer" : null, target.Script.Path, target.Script.Line("outer_call"));
        AssertVariable(frames[0], 0, "flag", "argument", "bool", "True");
        AssertVariable(frames[0], 2, "small", "local", "int", "-7");
        AssertVariable(frames[0], 12, "shared", "free", "list", "['a', 1]");
        AssertVariable(frames[1], 2, "rest", "argument", "tuple", "('x',)");
        AssertVariable(frames[1], 5, "shared", "cell", "list", "['a', 1]");
        Assert.Equal(0, frames[2].GetProperty("locals").GetArrayLength());
        target.AssertAliveAndNotStopped();
    }

    private static void AssertFrame(JsonElement frame, string function, string? qualifiedName, string file, int line)
    {
        Assert.Equal(function, frame.GetProperty("function").GetString());
        Assert.Equal(qualifiedName, frame.GetProperty("qualified_name").GetString());
        Assert.Equal(file, frame.GetProperty("file").GetString());
        Assert.Equal(line, frame.GetProperty("line").GetInt32());
    }

    private static void AssertVariable(JsonElement frame, int index, string name, string kind, string type, string value)
    {
        JsonElement variable = frame.GetProperty("locals")[index];
        Assert.Equal(name, variable.GetProperty("name").GetString());
        Assert.Equal(kind, variable.GetProperty("kind").GetString());
        Assert.Equal(type, variable.GetProperty("type").GetString());
        Assert.Equal(value, variable.GetProperty("value").GetString());
    }
}
