namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>
/// Every test that runs the CLI against a live target is in this one collection, so they run one at
/// a time: a busy target takes a whole core, and two of them plus two CLI start-ups on a 2-core box
/// would make sample counts depend on scheduling luck.
/// </summary>
[CollectionDefinition(Name)]
public sealed class EndToEndCollection
{
    public const string Name = "EndToEnd";
}
