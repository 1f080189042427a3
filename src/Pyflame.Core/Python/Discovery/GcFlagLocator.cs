using Pyflame.Core.Python.Layouts;

namespace Pyflame.Core.Python.Discovery;

/// <summary>
/// Where a process-wide garbage collector keeps its <c>collecting</c> flag (set for the whole of a collection,
/// finalizers included). 3.9+ keep it per interpreter (Include/internal/pycore_gc.h, <c>interp-&gt;gc</c>), so
/// there is nothing process-wide to find. 3.7/3.8: <c>_PyRuntime.gc.collecting</c> (Include/internal/mem.h,
/// pycore_pymem.h). 2.7/3.6: <c>static int collecting</c> in Modules/gcmodule.c, a local symbol that the
/// symbol table keeps unless the binary is stripped (then 0: the state is unknown).
/// </summary>
internal static class GcFlagLocator
{
    public static ulong Find(LoadedModule module, PyLayout layout, ulong runtime)
    {
        if (layout.InterpGcCollecting >= 0)
        {
            return 0;
        }

        if (layout.RuntimeGcCollecting >= 0)
        {
            return runtime == 0 ? 0 : runtime + (ulong)layout.RuntimeGcCollecting;
        }

        return module.TryFindAddress("collecting", out ulong flag) ? flag : 0;
    }
}
