namespace Pyflame.Output.FlameChart;

/// <summary>
/// A CDP <c>Runtime.CallFrame</c> as the converter fills it: <paramref name="LineNumber"/> is 0-based
/// (CDP convention), -1 when unknown.
/// </summary>
internal sealed record CpuProfileFrame(string FunctionName, string Url, int LineNumber)
{
    public static readonly CpuProfileFrame Root = new("(root)", "", -1);

    /// <summary>True for pseudo frames such as (root), (idle) or a thread root, which have no source.</summary>
    public bool IsSynthetic => Url.Length == 0;
}
