namespace Pyflame.Bench;

/// <summary>One output line: a thread (or null), its frames outermost first, and how many samples it stands for.</summary>
public sealed record ParsedStack(string? Thread, IReadOnlyList<ParsedFrame> Frames, long Count, bool Idle, bool Failed);
