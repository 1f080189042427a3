namespace Pyflame.Core.Python.Locals;

/// <summary>One bound variable of a frame: its name, kind, the value's type name and a repr-like preview.</summary>
public sealed record LocalVariable(string Name, LocalKind Kind, string? TypeName, string Value);
