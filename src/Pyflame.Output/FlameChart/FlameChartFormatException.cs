namespace Pyflame.Output.FlameChart;

/// <summary>The flame-chart text given to <see cref="FlameChartJsonConverter"/> is malformed.</summary>
public sealed class FlameChartFormatException : FormatException
{
    public FlameChartFormatException()
    {
    }

    public FlameChartFormatException(string message)
        : base(message)
    {
    }

    public FlameChartFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public FlameChartFormatException(long lineNumber, string problem)
        : base($"flame chart input, line {lineNumber}: {problem}")
    {
        LineNumber = lineNumber;
    }

    /// <summary>1-based line of the input where the problem was found (0 when not tied to a line).</summary>
    public long LineNumber { get; }
}
