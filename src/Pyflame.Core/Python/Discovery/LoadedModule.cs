using Pyflame.Core.Binaries.Elf;
using Pyflame.Core.Memory;

namespace Pyflame.Core.Python.Discovery;

/// <summary>An ELF file mapped into the target, with its load bias and the regions it occupies.</summary>
public sealed record LoadedModule(string Path, ElfFile Elf, ulong LoadBias, IReadOnlyList<MemoryRegion> Regions)
{
    public bool TryFindAddress(string symbol, out ulong address)
    {
        if (Elf.TryFindSymbol(symbol, out ElfSymbol found))
        {
            address = LoadBias + found.Value;
            return true;
        }

        address = 0;
        return false;
    }

    public string FileName => System.IO.Path.GetFileName(Path.Replace(" (deleted)", string.Empty, StringComparison.Ordinal));
}
