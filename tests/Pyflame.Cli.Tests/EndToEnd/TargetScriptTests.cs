namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>The markers the e2e tests rely on exist, are unique and sit on the code they describe.</summary>
public sealed class TargetScriptTests
{
    [Fact]
    public void Markers_give_one_based_lines_and_values()
    {
        TargetScript script = TargetScript.Parse("/t.py", ["import sys", "N = 42  # VALUE:n", "f()  # LINE:call"]);
        Assert.Equal(3, script.Line("call"));
        Assert.Equal(42, script.Value("n"));
        Assert.Equal("/t.py:f:3", script.Frame("f", "call"));
        Assert.Throws<KeyNotFoundException>(() => script.Line("missing"));
    }

    [Fact]
    public void Spinning_threads_after_ready_are_declared_or_zero()
    {
        Assert.Equal(2, TargetScript.Parse("/t.py", ["# SPINS-AFTER-READY: 2 (both)", "print('READY')"]).ThreadsSpinningAfterReady);
        Assert.Equal(0, TargetScript.Parse("/t.py", ["print('READY')"]).ThreadsSpinningAfterReady);
        Assert.Equal(2, TargetScript.Load("threads.py").ThreadsSpinningAfterReady);
        Assert.True(TargetScript.Load("locals.py").SleepsAfterReady);
        Assert.False(TargetScript.Load("busy.py").SleepsAfterReady);
    }

    [Fact]
    public void Duplicate_markers_are_rejected() =>
        Assert.Throws<FormatException>(() => TargetScript.Parse("/t.py", ["a  # LINE:x", "b  # LINE:x"]));

    [Theory]
    [InlineData("busy.py", "inner_hot", "while True: n += 1")]
    [InlineData("busy.py", "middle_call", "inner()")]
    [InlineData("busy.py", "outer_call", "middle()")]
    [InlineData("busy.py", "module_call", "outer()")]
    [InlineData("deep.py", "bottom_hot", "while True: n += 1")]
    [InlineData("deep.py", "recurse_call", "recurse(n - 1)")]
    [InlineData("deep.py", "bottom_call", "bottom()")]
    [InlineData("deep.py", "module_call", "recurse(DEPTH)")]
    [InlineData("idle.py", "sleep_call", "time.sleep(")]
    [InlineData("brief.py", "burn_hot", "while cpu_clock() < end: pass")]
    [InlineData("brief.py", "run_call", "burn(")]
    [InlineData("brief.py", "module_call", "run()")]
    [InlineData("héllo_ünï_日本.py", "py3_inner_hot", "while True: n += 1")]
    [InlineData("héllo_ünï_日本.py", "py3_middle_call", "ïnner()")]
    [InlineData("héllo_ünï_日本.py", "py3_outer_call", "mïddle_日本()")]
    [InlineData("héllo_ünï_日本.py", "py3_module_call", "öuter_𠀀")]
    [InlineData("héllo_ünï_日本.py", "py2_inner_hot", "while True: n += 1")]
    [InlineData("héllo_ünï_日本.py", "py2_module_call", "outer_py2()")]
    public void Target_markers_sit_on_the_code_they_name(string file, string marker, string code)
    {
        TargetScript script = TargetScript.Load(file);
        string line = File.ReadAllLines(script.Path)[script.Line(marker) - 1];
        Assert.Contains(code, line, StringComparison.Ordinal);
        Assert.True(Path.IsPathRooted(script.Path), script.Path);
    }

    [Fact]
    public void Deep_target_recurses_160_times() => Assert.Equal(160, TargetScript.Load("deep.py").Value("depth"));

    /// <summary>The Python 3 part of the non-ASCII target is compiled with padding; its declared start line must be right.</summary>
    [Fact]
    public void Non_ascii_target_declares_where_its_py3_source_starts()
    {
        TargetScript script = TargetScript.Load("héllo_ünï_日本.py");
        string[] lines = File.ReadAllLines(script.Path);
        int declared = script.Value("py3_source_first_line");
        Assert.StartsWith("PY3_SOURCE = u'''", lines[declared - 1], StringComparison.Ordinal);
    }
}
