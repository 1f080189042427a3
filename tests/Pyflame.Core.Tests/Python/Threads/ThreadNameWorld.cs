using Pyflame.Core.Python.Discovery;
using Pyflame.Core.Python.Layouts;
using Pyflame.Core.Tests.Fakes;

namespace Pyflame.Core.Tests.Python.Threads;

/// <summary>
/// A synthetic interpreter whose sys.modules holds a <c>threading</c> module with an <c>_active</c> dict
/// of Thread objects, laid out for one generated layout. Thread instance dicts sit where the version
/// keeps them: tp_dictoffset (≤3.10) or the managed-dict slot before the object (3.11+).
/// </summary>
internal sealed class ThreadNameWorld
{
    public ThreadNameWorld(PyLayout layout, params (ulong PthreadId, string Name)[] threads)
    {
        Objects = new PyObjectBuilder(layout);
        string nameAttribute = layout.Version.Major == 2 ? "_Thread__name" : "_name";
        bool managed = layout.TypeFlagManagedDict > 0;
        ulong threadType = managed ? Objects.Type(layout.TypeFlagManagedDict) : Objects.Type(0, dictOffset: 16);
        List<(ulong, ulong)> active = [];
        foreach ((ulong pthreadId, string name) in threads)
        {
            ulong thread = Objects.Object(threadType, 32);
            ulong dict = Objects.Dict((Objects.Str("_target"), 0x99), (Objects.Str(nameAttribute), Objects.Str(name)));
            ulong slot = managed ? thread - (ulong)layout.ObjectManagedDictBefore : thread + 16;
            Objects.Memory.WriteU64(slot, dict);
            active.Add((Objects.Int(pthreadId), thread));
        }

        ulong moduleType = Objects.Type(0, dictOffset: 16);
        Threading = Objects.Object(moduleType, 32);
        ActiveDict = Objects.Dict([.. active]);
        ulong moduleDict = Objects.Dict((Objects.Str("_limbo"), 0x98), (Objects.Str("_active"), ActiveDict));
        Objects.Memory.WriteU64(Threading + 16, moduleDict);
        ulong modules = Objects.Dict((Objects.Str("sys"), 0x97), (Objects.Str("threadinx"), 0x96), (Objects.Str("threading"), Threading));
        Interpreter = Objects.Heap.Allocate(layout.InterpModules + 8);
        Objects.Memory.WriteU64(Interpreter + (ulong)layout.InterpModules, modules);
    }

    public PyObjectBuilder Objects { get; }

    public ulong Interpreter { get; }

    public ulong Threading { get; }

    public ulong ActiveDict { get; }

    public PythonRuntime Runtime => Objects.Heap.Runtime();
}
