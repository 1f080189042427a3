namespace Pyflame.Core.Python.Walking;

/// <summary>One PyThreadState as read in a sample, before its frames are walked.</summary>
public readonly record struct ThreadRecord(
    ulong ThreadState,
    ulong Interpreter,
    ulong PthreadId,
    int NativeThreadId,
    ulong TopFrame);
