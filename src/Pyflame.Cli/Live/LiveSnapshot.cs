using Pyflame.Core.Aggregation;

namespace Pyflame.Cli.Live;

/// <summary>The recorder's state at one moment: every thread's stacks and the header's counts.</summary>
internal sealed record LiveSnapshot(Profile Profile, LiveCounts Counts);
