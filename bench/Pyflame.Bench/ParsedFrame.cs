namespace Pyflame.Bench;

/// <summary>One frame of a parsed stack; <paramref name="File"/> is as the tool printed it (austin 1.0.1: none).</summary>
public sealed record ParsedFrame(string Function, int Line, string File = "");
