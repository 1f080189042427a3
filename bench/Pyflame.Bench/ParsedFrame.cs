namespace Pyflame.Bench;

/// <summary>A frame as either profiler prints it; the file is not compared, only function and line.</summary>
public sealed record ParsedFrame(string Function, int Line);
