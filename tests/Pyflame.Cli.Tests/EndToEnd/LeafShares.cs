namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>How far apart two profiles' leaf functions are: half the sum of the share differences (0 = same, 1 = disjoint).</summary>
internal static class LeafShares
{
    public static double Distance(FoldedProfile a, FoldedProfile b)
    {
        Dictionary<string, double> left = Shares(a), right = Shares(b);
        return left.Keys.Union(right.Keys).Sum(k => Math.Abs(left.GetValueOrDefault(k) - right.GetValueOrDefault(k))) / 2;
    }

    private static Dictionary<string, double> Shares(FoldedProfile profile)
    {
        double total = profile.Stacks.Sum(s => s.Count);
        return profile.Stacks
            .GroupBy(s => FunctionOf(s.Frames[^1]))
            .ToDictionary(g => g.Key, g => total == 0 ? 0 : g.Sum(s => s.Count) / total);
    }

    /// <summary><c>file:function:line</c> without the line; a pseudo frame such as <c>(gc)</c> as it is.</summary>
    private static string FunctionOf(string frame) => frame.LastIndexOf(':') is > 0 and var colon ? frame[..colon] : frame;
}
