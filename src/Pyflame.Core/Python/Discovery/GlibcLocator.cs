using Pyflame.Core.Binaries.Elf;
using Pyflame.Core.Memory;
using Pyflame.Core.Targets;

namespace Pyflame.Core.Python.Discovery;

/// <summary>
/// Before 3.11 a thread state only records pthread_self(); glibc publishes where the kernel TID
/// sits inside struct pthread (for libthread_db), so we read that offset from the target's own libc.
/// </summary>
public static class GlibcLocator
{
    public static int FindPthreadTidOffset(ITargetProcess target, IReadOnlyList<MemoryRegion> maps)
    {
        IGrouping<string, MemoryRegion>? libc = maps
            .Where(r => r.IsFile)
            .GroupBy(r => r.Path)
            .FirstOrDefault(g => Path.GetFileName(g.Key).StartsWith("libc.so", StringComparison.Ordinal)
                || Path.GetFileName(g.Key).StartsWith("libc-2.", StringComparison.Ordinal));
        if (libc is null)
        {
            return -1;
        }

        LoadedModule? module = PythonModuleFinder.TryLoad(target, libc.Key, libc.ToList());
        if (module is null)
        {
            return -1;
        }

        using ElfFile elf = module.Elf;
        return GlibcThreadDb.TryGetPthreadTidOffset(elf, out int offset) ? offset : -1;
    }
}
