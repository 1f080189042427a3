using Pyflame.Core.Binaries.Elf;
using Pyflame.Core.Memory;
using Pyflame.Core.Targets;

namespace Pyflame.Core.Python.Discovery;

/// <summary>
/// Finds the mapped ELF file that holds the CPython runtime: libpython for shared builds and
/// embedders (whatever the executable is called), else the executable itself (static builds).
/// </summary>
public static class PythonModuleFinder
{
    /// <summary>Symbols only a CPython runtime defines; any one of them marks the module.</summary>
    private static readonly string[] s_runtimeSymbols = ["_PyRuntime", "interp_head", "_PyThreadState_Current", "Py_Version"];

    private const int MaxModulesExamined = 256;

    public static LoadedModule? TryFind(ITargetProcess target, IReadOnlyList<MemoryRegion> maps)
    {
        foreach (IGrouping<string, MemoryRegion> file in OrderCandidates(maps).Take(MaxModulesExamined))
        {
            LoadedModule? module = TryLoad(target, file.Key, file.ToList());
            if (module is null)
            {
                continue;
            }

            if (DefinesRuntime(module.Elf))
            {
                return module;
            }

            module.Elf.Dispose();
        }

        return null;
    }

    /// <summary>True when the file defines a symbol only a CPython runtime defines.</summary>
    public static bool DefinesRuntime(ElfFile elf) => s_runtimeSymbols.Any(name => elf.TryFindSymbol(name, out _));

    /// <summary>Opens one mapped file as ELF; null when it is not a readable ELF file.</summary>
    public static LoadedModule? TryLoad(ITargetProcess target, string path, IReadOnlyList<MemoryRegion> regions)
    {
        MemoryRegion? first = regions.FirstOrDefault(r => r.FileOffset == 0);
        if (first is null)
        {
            return null;
        }

        ElfFile elf;
        try
        {
            elf = ElfFile.Parse(target.OpenMappedFile(first));
        }
        catch (Exception e) when (e is ElfFormatException or IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return new LoadedModule(path, elf, elf.ComputeLoadBias(first.Start), regions);
    }

    /// <summary>libpython first (uWSGI-style embedders), then the rest in map order (the executable comes first there).</summary>
    private static IEnumerable<IGrouping<string, MemoryRegion>> OrderCandidates(IReadOnlyList<MemoryRegion> maps)
    {
        List<IGrouping<string, MemoryRegion>> files = maps
            .Where(r => r.IsFile && !r.Path.StartsWith("/dev/", StringComparison.Ordinal) && !r.Path.StartsWith("/memfd:", StringComparison.Ordinal))
            .GroupBy(r => r.Path)
            .ToList();
        return files.Where(g => IsLibPython(g.Key)).Concat(files.Where(g => !IsLibPython(g.Key) && !IsWellKnownNonPython(g.Key)));
    }

    internal static bool IsLibPython(string path) =>
        System.IO.Path.GetFileName(path).StartsWith("libpython", StringComparison.Ordinal);

    /// <summary>Skips libraries that can never hold a Python runtime, so discovery opens few files.</summary>
    private static bool IsWellKnownNonPython(string path)
    {
        string name = System.IO.Path.GetFileName(path);
        return name.StartsWith("libc.so", StringComparison.Ordinal) || name.StartsWith("libm.so", StringComparison.Ordinal)
            || name.StartsWith("ld-linux", StringComparison.Ordinal) || name.StartsWith("libpthread", StringComparison.Ordinal)
            || name.StartsWith("libdl", StringComparison.Ordinal) || name.StartsWith("libutil", StringComparison.Ordinal)
            || name.StartsWith("libgcc_s", StringComparison.Ordinal) || name.StartsWith("libstdc++", StringComparison.Ordinal)
            || name.EndsWith(".cache", StringComparison.Ordinal) || name.StartsWith("locale-archive", StringComparison.Ordinal)
            || name.StartsWith("gconv-modules", StringComparison.Ordinal);
    }
}
