using Pyflame.Core.Memory;
using Pyflame.Core.Python.Layouts;

namespace Pyflame.Core.Python.Discovery;

/// <summary>
/// Whether an interpreter's garbage collector is collecting right now: <c>interp-&gt;gc.collecting</c> on 3.9+,
/// else the process-wide flag found by <see cref="GcFlagLocator"/>. False from <see cref="TryIsCollecting"/>
/// means the state is unknown (a stripped 2.7/3.6, an unreadable interpreter), not "not collecting".
/// </summary>
public sealed class GcStateReader(IMemoryReader memory, PythonRuntime runtime)
{
    /// <summary>True when this build exposes the flag at all.</summary>
    public bool IsKnown => runtime.Layout.InterpGcCollecting >= 0 || runtime.GcCollectingAddress != 0;

    public bool TryIsCollecting(ulong interpreter, out bool collecting)
    {
        collecting = false;
        ulong address = runtime.Layout.InterpGcCollecting >= 0
            ? (interpreter == 0 ? 0 : interpreter + (ulong)runtime.Layout.InterpGcCollecting)
            : runtime.GcCollectingAddress;
        if (address == 0 || !memory.TryRead(address, out int flag))
        {
            return false;
        }

        collecting = flag != 0;
        return true;
    }
}
