namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>The exact stacks (outermost first) each target spins in, built from its markers.</summary>
internal static class ExpectedStacks
{
    public const string Module = "<module>";

    /// <summary>busy.py: &lt;module&gt; → outer → middle → inner.</summary>
    public static IReadOnlyList<string> Busy(TargetScript busy) =>
    [
        busy.Frame(Module, "module_call"), busy.Frame("outer", "outer_call"),
        busy.Frame("middle", "middle_call"), busy.Frame("inner", "inner_hot"),
    ];

    /// <summary>busy.py as printed with <c>-n</c>.</summary>
    public static IReadOnlyList<string> BusyWithoutLines(TargetScript busy) =>
        [.. new[] { Module, "outer", "middle", "inner" }.Select(busy.FrameWithoutLine)];

    /// <summary>deep.py: &lt;module&gt;, DEPTH recurse frames at the recursive call, recurse at the bottom call, bottom.</summary>
    public static IReadOnlyList<string> Deep(TargetScript deep)
    {
        var frames = new List<string> { deep.Frame(Module, "module_call") };
        frames.AddRange(Enumerable.Repeat(deep.Frame("recurse", "recurse_call"), deep.Value("depth")));
        frames.Add(deep.Frame("recurse", "bottom_call"));
        frames.Add(deep.Frame("bottom", "bottom_hot"));
        return frames;
    }

    /// <summary>héllo_ünï_日本.py: non-ASCII function names (UCS1, UCS2, UCS4) on 3.x, ASCII ones on 2.7.</summary>
    public static IReadOnlyList<string> NonAscii(TargetScript script, PythonInstallation python) => python.IsPython2
        ?
        [
            script.Frame(Module, "py2_module_call"), script.Frame("outer_py2", "py2_outer_call"),
            script.Frame("middle_py2", "py2_middle_call"), script.Frame("inner_py2", "py2_inner_hot"),
        ]
        :
        [
            script.Frame(Module, "py3_module_call"), script.Frame("öuter_𠀀", "py3_outer_call"),
            script.Frame("mïddle_日本", "py3_middle_call"), script.Frame("ïnner", "py3_inner_hot"),
        ];
}
