namespace Pyflame.Core.Python.Walking;

/// <summary>What the walker keeps of a code object: its names, first line and raw line table.</summary>
internal sealed record CodeInfo(string File, string Name, int FirstLine, byte[] LineTable);
