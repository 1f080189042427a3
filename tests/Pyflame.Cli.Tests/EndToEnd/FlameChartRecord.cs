namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>One <c>-T</c> record: the timestamp line (µs since the epoch) and the stack line as printed.</summary>
internal sealed record FlameChartRecord(long TimestampMicroseconds, string Stack)
{
    /// <summary>The frames of the stack line, outermost first (each was followed by ';').</summary>
    public IReadOnlyList<string> Frames => Stack.EndsWith(';') ? Stack[..^1].Split(';') : [Stack];
}
