using Pyflame.Core.Memory;
using Pyflame.Core.ProcFs;

namespace Pyflame.Core.Tests.ProcFs;

public class MapsParserTests
{
    private const string Sample =
        "55d0c1a00000-55d0c1a01000 r--p 00000000 08:01 1234                       /usr/bin/python3.11\n" +
        "55d0c1a01000-55d0c1c00000 r-xp 00001000 08:01 1234                       /usr/bin/python3.11\n" +
        "55d0c2000000-55d0c2100000 rw-p 00000000 00:00 0                          [heap]\n" +
        "7f0000000000-7f0000021000 rw-p 00000000 00:00 0 \n" +
        "7f1000000000-7f1000001000 r--p 00002000 fd:02 99                         /tmp/my dir/lib python.so (deleted)\n" +
        "7ffc00000000-7ffc00021000 rw-p 00000000 00:00 0                          [stack]\n" +
        "7ffc00100000-7ffc00102000 r-xp 00000000 00:00 0                          [vdso]\n" +
        "ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]\n";

    [Fact]
    public void Parses_every_kind_of_line()
    {
        IReadOnlyList<MemoryRegion> regions = MapsParser.Parse(Sample);

        Assert.Equal(8, regions.Count);
        Assert.Equal(new MemoryRegion(0x55d0c1a01000, 0x55d0c1c00000, "r-xp", 0x1000, "08:01", 1234, "/usr/bin/python3.11"), regions[1]);
        Assert.True(regions[1].IsExecutable);
        Assert.Equal("[heap]", regions[2].Path);
        Assert.False(regions[2].IsFile);
        Assert.Equal(string.Empty, regions[3].Path);
        Assert.Equal(0x21000UL, regions[3].Size);
        Assert.Equal("/tmp/my dir/lib python.so (deleted)", regions[4].Path);
        Assert.True(regions[4].IsDeleted);
        Assert.Equal(0x2000UL, regions[4].FileOffset);
        Assert.Equal("fd:02", regions[4].Device);
        Assert.Equal("[stack]", regions[5].Path);
        Assert.Equal("[vdso]", regions[6].Path);
        Assert.Equal(0xffffffffff600000UL, regions[7].Start);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("zzzz-1000 r--p 00000000 08:01 1 /x")]
    [InlineData("2000-1000 r--p 00000000 08:01 1 /x")]
    [InlineData("1000-2000 r--p 00000000 08:01")]
    [InlineData("1000-2000 rw 00000000 08:01 1 /x")]
    [InlineData("1000-2000 r--p 0000g000 08:01 1 /x")]
    [InlineData("1000-2000 r--p 00000000 08:01 -1 /x")]
    public void Skips_malformed_lines(string line)
    {
        IReadOnlyList<MemoryRegion> regions = MapsParser.Parse(line + "\n1000-2000 r--p 00000000 08:01 7 /ok\n");

        MemoryRegion only = Assert.Single(regions);
        Assert.Equal("/ok", only.Path);
    }

    [Fact]
    public void Accepts_crlf_and_missing_final_newline()
    {
        IReadOnlyList<MemoryRegion> regions = MapsParser.Parse("1000-2000 r--p 0 08:01 7 /a\r\n3000-4000 rw-p 0 00:00 0");

        Assert.Equal(2, regions.Count);
        Assert.Equal("/a", regions[0].Path);
        Assert.Equal(0x3000UL, regions[1].Start);
        Assert.Equal(string.Empty, regions[1].Path);
    }

    [Fact]
    public void Parses_this_process_maps()
    {
        if (!File.Exists("/proc/self/maps"))
        {
            Assert.Fail("This test suite expects Linux /proc.");
        }

        IReadOnlyList<MemoryRegion> regions = MapsParser.Parse(File.ReadAllText("/proc/self/maps"));

        Assert.True(regions.Count > 10);
        Assert.Contains(regions, r => r.Path == "[stack]");
        Assert.All(regions, r => Assert.True(r.End > r.Start));
    }
}
