using Pyflame.Core.Memory.Snapshots;

namespace Pyflame.MicroBench;

/// <summary>The fixtures embedded in this assembly (bench/fixtures/*.pfmem.gz).</summary>
public static class Fixtures
{
    public static MemoryFixture Load(string name)
    {
        string temp = Path.GetTempFileName();
        try
        {
            using (Stream resource = typeof(Fixtures).Assembly.GetManifestResourceStream(name)
                ?? throw new FileNotFoundException($"fixture {name} is not embedded; record it (see bench/README.md)"))
            using (FileStream file = File.Create(temp))
            {
                resource.CopyTo(file);
            }

            return MemoryFixture.Load(temp);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
