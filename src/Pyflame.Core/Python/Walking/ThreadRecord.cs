namespace Pyflame.Core.Python.Walking;

/// <summary>
/// One PyThreadState as read in a sample, before its frames are walked. <paramref name="CFrame"/> (3.11/3.12: the
/// _PyCFrame on the C stack that names the top frame) and <paramref name="DataStackChunk"/> (3.11+: the data-stack
/// chunk its newest frames live in) say where the stack's memory is; 0 where the version has none.
/// </summary>
public readonly record struct ThreadRecord(
    ulong ThreadState,
    ulong Interpreter,
    ulong PthreadId,
    int NativeThreadId,
    ulong TopFrame,
    ulong CFrame = 0,
    ulong DataStackChunk = 0);
