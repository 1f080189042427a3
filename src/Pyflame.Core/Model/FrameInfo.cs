namespace Pyflame.Core.Model;

/// <summary>One resolved Python frame. <see cref="Line"/> is 0 when the line is unknown.</summary>
public sealed record FrameInfo(string File, string Function, int Line);
