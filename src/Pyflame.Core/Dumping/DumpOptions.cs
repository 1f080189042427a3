using Pyflame.Core.Python.Values;

namespace Pyflame.Core.Dumping;

/// <summary>What a dump reads besides the stacks: variables (<c>--locals</c>), and the <c>(gc)</c> frame unless <c>--no-gc</c>.</summary>
public sealed record DumpOptions(bool Locals, bool MarkGc)
{
    public ValuePreviewLimits Limits { get; init; } = ValuePreviewLimits.Default;
}
