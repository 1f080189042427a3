using Pyflame.Core.Memory;
using Pyflame.Core.Targets;
using Pyflame.Core.Tests.Fakes;

namespace Pyflame.Core.Tests.Sampling;

internal sealed class FakeTarget : ITargetProcess
{
    public int ProcessId => 1;

    public IMemoryReader Memory { get; } = new SyntheticMemory();

    public bool HasExited { get; set; }

    public IReadOnlyList<MemoryRegion> ReadMaps() => [];

    public Stream OpenMappedFile(MemoryRegion region) => throw new FileNotFoundException(region.Path);
}
