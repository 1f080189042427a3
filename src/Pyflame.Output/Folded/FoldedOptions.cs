namespace Pyflame.Output.Folded;

/// <summary>Options of <see cref="FoldedWriter"/>.</summary>
/// <param name="ExcludeIdle">Pyflame's <c>-x</c>: omit the <c>(idle)</c> line and idle thread stacks.</param>
/// <param name="LineNumbers">
/// When false (Pyflame's <c>--no-line-numbers</c>), frames are <c>file:function</c> and stacks that then
/// read the same are merged.
/// </param>
public sealed record FoldedOptions(bool ExcludeIdle = false, bool LineNumbers = true);
