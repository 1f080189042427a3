namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>How to run the CLI: its stdin text (null: empty), extra environment variables and a timeout.</summary>
internal sealed record PyflameRunOptions
{
    public string? Stdin { get; init; }

    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    public TimeSpan Timeout { get; init; } = PyflameRunner.DefaultTimeout;
}
