namespace Pyflame.Bench;

/// <summary>
/// How far apart two profiles are: the total variation distance of their leaf-function shares (half the sum of the
/// share differences, 0 = the same shares, 1 = nothing in common), leaves keyed by file and function (not line).
/// Idle and (failed) samples count as leaves of their own, so losing samples to (failed) moves the distance too.
/// </summary>
public static class LeafShares
{
    public static double Distance(ParsedProfile a, ParsedProfile b)
    {
        Dictionary<string, double> left = Shares(a), right = Shares(b);
        return left.Keys.Union(right.Keys).Sum(k => Math.Abs(left.GetValueOrDefault(k) - right.GetValueOrDefault(k))) / 2;
    }

    private static Dictionary<string, double> Shares(ParsedProfile profile)
    {
        double total = profile.TotalCount;
        return profile.Stacks
            .GroupBy(Leaf)
            .ToDictionary(g => g.Key, g => total == 0 ? 0 : g.Sum(s => s.Count) / total);
    }

    private static string Leaf(ParsedStack stack) =>
        stack.Failed ? "(failed)" : stack.Idle || stack.Frames.Count == 0 ? "(idle)" : $"{stack.Frames[^1].File}:{stack.Frames[^1].Function}";
}
