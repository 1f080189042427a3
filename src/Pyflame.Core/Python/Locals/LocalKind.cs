namespace Pyflame.Core.Python.Locals;

/// <summary>What a frame variable is: an argument, a plain local, a cell (captured by an inner function) or a free variable (captured from an outer one).</summary>
public enum LocalKind
{
    Argument,
    Local,
    Cell,
    Free,
}
