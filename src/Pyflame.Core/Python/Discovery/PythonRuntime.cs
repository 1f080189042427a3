using Pyflame.Core.Python.Layouts;

namespace Pyflame.Core.Python.Discovery;

/// <summary>
/// Everything found about the interpreter inside a target: which version, which layout, and the
/// addresses (already load-biased) the walker starts from. 0 means "not available".
/// </summary>
public sealed record PythonRuntime
{
    public required PythonVersion Version { get; init; }

    public required PyLayout Layout { get; init; }

    /// <summary>The ELF file (libpython or executable) that holds the runtime.</summary>
    public required string ModulePath { get; init; }

    /// <summary>How the version was found, e.g. "Py_Version" or "--abi".</summary>
    public required string VersionSource { get; init; }

    /// <summary>Address of the PyInterpreterState* of the first interpreter (interp_head or _PyRuntime.interpreters.head).</summary>
    public required ulong InterpreterHeadPointer { get; init; }

    /// <summary>_PyRuntime (3.7+), or 0.</summary>
    public ulong RuntimeAddress { get; init; }

    /// <summary>Address of the "current thread state" pointer (2.7-3.11), or 0 on 3.12+.</summary>
    public ulong ThreadStateCurrentPointer { get; init; }

    /// <summary>&amp;PyCode_Type, to check that a pointer really is a code object; 0 when unknown.</summary>
    public ulong CodeTypeAddress { get; init; }

    /// <summary>Offset of the kernel TID inside glibc's struct pthread, or -1 (then TIDs come from native_thread_id only).</summary>
    public int PthreadTidOffset { get; init; } = -1;

    /// <summary>
    /// The process-wide garbage collector's <c>collecting</c> flag: 2.7/3.6 a static int in Modules/gcmodule.c (its
    /// local symbol), 3.7/3.8 <c>_PyRuntime.gc.collecting</c>; 0 when unknown or per interpreter (3.9+, see
    /// <see cref="PyLayout.InterpGcCollecting"/>).
    /// </summary>
    public ulong GcCollectingAddress { get; init; }

    /// <summary>Things worth telling the user in verbose mode (layout mismatches, fallbacks used).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
