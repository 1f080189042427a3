namespace Pyflame.Core.Python.Walking;

/// <summary>The parts of a code object's header that differ between two code objects at the same address.</summary>
internal readonly record struct CodeIdentity(ulong Filename, ulong Name, ulong LineTable, int FirstLine);
