namespace Pyflame.Core.Model;

/// <summary>
/// Frames that stand for something other than Python code, written by name alone like <c>(idle)</c>: they
/// have no file and a parenthesised function name, which no Python function can have.
/// </summary>
public static class PseudoFrames
{
    /// <summary>On top of a GIL holder's stack while its interpreter's garbage collector is collecting.</summary>
    public static FrameInfo GarbageCollection { get; } = new(string.Empty, "(gc)", 0);

    /// <summary>Nobody held the GIL; a frame only under a process root (<see cref="SampleProcess.IdleStack"/>).</summary>
    public static FrameInfo Idle { get; } = new(string.Empty, "(idle)", 0);

    /// <summary>The stack could not be read; a frame only under a process root (<see cref="SampleProcess.FailedStack"/>).</summary>
    public static FrameInfo Failed { get; } = new(string.Empty, "(failed)", 0);

    public static bool IsPseudo(FrameInfo frame) => frame.File.Length == 0 && frame.Function.StartsWith('(');
}
