namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>One folded line: frames outermost first, and its sample count.</summary>
internal sealed record FoldedStack(IReadOnlyList<string> Frames, long Count)
{
    public string Joined => string.Join(';', Frames);

    public bool HasFrames(IReadOnlyList<string> expected) => Frames.SequenceEqual(expected, StringComparer.Ordinal);
}
