namespace Pyflame.Bench;

/// <summary>What the profiles say against what the workloads are known to do.</summary>
public static class Accuracy
{
    /// <summary>The tree's path, outermost first, without the leaf (hot_a or hot_b).</summary>
    private static readonly string[] TreePath =
        ["<module>", "main", "tree", "level1", "level2", "level3", "level4", "level5", "level6", "dispatch"];

    /// <summary>hot_a's share of the samples whose leaf is hot_a or hot_b (the workload is 3:1 by work).</summary>
    public static double HotShare(ParsedProfile profile)
    {
        long a = CountLeaf(profile, "hot_a");
        long b = CountLeaf(profile, "hot_b");
        return a + b == 0 ? double.NaN : (double)a / (a + b);
    }

    /// <summary>
    /// Percent of all recorded samples whose stack is exactly the 11-frame path ending in a marked line of
    /// hot_a or hot_b. The rest are samples in the glue (dispatch, level*), idle, failed or wrong.
    /// </summary>
    public static double TreePathExactPercent(ParsedProfile profile, WorkloadMarkers markers) =>
        Percent(profile, stack => IsExactTree(stack, markers));

    /// <summary>Percent of all recorded samples holding the exact 202-frame stack: &lt;module&gt;, main, deep × 200 at its busy line.</summary>
    public static double DeepExactPercent(ParsedProfile profile, WorkloadMarkers markers) =>
        Percent(profile, stack => IsExactDeep(stack, markers));

    private static bool IsExactTree(ParsedStack stack, WorkloadMarkers markers)
    {
        IReadOnlyList<ParsedFrame> frames = stack.Frames;
        if (stack.Failed || stack.Idle || frames.Count != TreePath.Length + 1)
        {
            return false;
        }

        for (int i = 0; i < TreePath.Length; i++)
        {
            if (frames[i].Function != TreePath[i])
            {
                return false;
            }
        }

        ParsedFrame leaf = frames[^1];
        return leaf.Function is "hot_a" or "hot_b" && markers.IsMarked(leaf.Function, leaf.Line);
    }

    private static bool IsExactDeep(ParsedStack stack, WorkloadMarkers markers)
    {
        IReadOnlyList<ParsedFrame> frames = stack.Frames;
        if (stack.Failed || stack.Idle || frames.Count != 202 || frames[0].Function != "<module>" || frames[1].Function != "main")
        {
            return false;
        }

        for (int i = 2; i < frames.Count; i++)
        {
            if (frames[i].Function != "deep")
            {
                return false;
            }
        }

        return markers.IsMarked("deep_bottom", frames[^1].Line);
    }

    private static long CountLeaf(ParsedProfile profile, string function) =>
        profile.Stacks.Where(s => !s.Failed && !s.Idle && s.Frames.Count > 0 && s.Frames[^1].Function == function).Sum(s => s.Count);

    private static double Percent(ParsedProfile profile, Func<ParsedStack, bool> matches)
    {
        long total = profile.TotalCount;
        return total == 0 ? double.NaN : 100.0 * profile.Stacks.Where(matches).Sum(s => s.Count) / total;
    }
}
