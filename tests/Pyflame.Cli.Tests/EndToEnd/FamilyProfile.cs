namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>A --subprocesses folded profile split by its <c>(process PID COMMAND)</c> roots.</summary>
internal sealed class FamilyProfile(FoldedProfile profile)
{
    private const string RootPrefix = "(process ";

    public FoldedProfile Profile => profile;

    /// <summary>Every root that appears, e.g. <c>(process 42 python3 app.py)</c>.</summary>
    public IReadOnlyList<string> Roots =>
        [.. profile.Stacks.Select(s => s.Frames[0]).Where(f => f.StartsWith(RootPrefix, StringComparison.Ordinal)).Distinct()];

    /// <summary>The stacks under <paramref name="root"/>, with the root itself taken off.</summary>
    public IReadOnlyList<FoldedStack> Under(string root) =>
        [.. profile.Stacks.Where(s => s.Frames.Count > 1 && s.Frames[0] == root).Select(s => new FoldedStack([.. s.Frames.Skip(1)], s.Count))];

    /// <summary>Samples under <paramref name="root"/> whose stack below it is exactly <paramref name="frames"/>.</summary>
    public long CountOf(string root, IReadOnlyList<string> frames) => Under(root).Where(s => s.HasFrames(frames)).Sum(s => s.Count);

    public long CountUnder(string root) => Under(root).Sum(s => s.Count);

    /// <summary>The pid of a root, "(process 42 ...)" → 42.</summary>
    public static int PidOf(string root) =>
        int.Parse(root.AsSpan(RootPrefix.Length, root.IndexOf(' ', RootPrefix.Length) - RootPrefix.Length), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Every stack outside any process root (the folded (idle) and (failed) lines are not stacks).</summary>
    public IReadOnlyList<FoldedStack> Unrooted => [.. profile.Stacks.Where(s => !s.Frames[0].StartsWith(RootPrefix, StringComparison.Ordinal))];
}
