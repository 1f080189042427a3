namespace Pyflame.Core.Python.Layouts;

/// <summary>
/// One struct of <c>_Py_DebugOffsets</c> (e.g. <c>thread_state</c>): where its <c>size</c> sits (-1 for the few
/// sections without one, like <c>llist_node</c>) and the qualified names of its other fields.
/// </summary>
internal sealed record DebugOffsetsSection(string Name, int SizePosition, IReadOnlyList<string> Fields);
