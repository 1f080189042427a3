namespace Pyflame.Output.FlameGraph;

/// <summary>One row of the HTML report's function table.</summary>
/// <param name="Name">Function name, or a pseudo frame such as <c>(idle)</c>.</param>
/// <param name="File">Source file; empty for pseudo frames.</param>
/// <param name="Self">Samples in which it was the running (innermost) frame.</param>
/// <param name="Total">Samples in which it was anywhere on the stack (recursion counted once).</param>
internal sealed record FunctionStats(string Name, string File, long Self, long Total);
