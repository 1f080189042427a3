namespace Pyflame.Core.Model;

/// <summary>
/// One Python thread's stack at the moment of a sample. <see cref="Frames"/> is innermost first
/// (index 0 is the running function).
/// </summary>
public sealed record ThreadStack(
    ulong ThreadStateAddress,
    ulong PthreadId,
    int NativeThreadId,
    string? Name,
    bool HoldsGil,
    bool IsIdle,
    IReadOnlyList<FrameInfo> Frames);
