using System.Diagnostics;
using Xunit.Abstractions;
using Pyflame.Core.Binaries.Elf;

namespace Pyflame.Core.Tests.Binaries.Elf;

/// <summary>
/// Random byte mutations of the structures the reader trusts (headers, section table, symbol and
/// string tables) of a real executable. Only ElfFormatException may escape, and every run must finish fast.
/// </summary>
public sealed class ElfMutationFuzzTests(ITestOutputHelper output)
{
    private const int Seed = 20240521;
    private const int Mutations = 2000;

    [Fact]
    public void RandomMutations_OnlyEverThrowElfFormatException()
    {
        var original = ElfTestFiles.CopyOfStub();
        var regions = InterestingRegions(original);
        var random = new Random(Seed);
        int parsed = 0, rejected = 0;
        var stopwatch = Stopwatch.StartNew();

        for (int iteration = 0; iteration < Mutations; iteration++)
        {
            var bytes = (byte[])original.Clone();
            int edits = random.Next(1, 5);
            for (int edit = 0; edit < edits; edit++)
            {
                var (start, length) = regions[random.Next(regions.Count)];
                int position = start + random.Next(length);
                bytes[position] = random.Next(4) switch
                {
                    0 => 0,
                    1 => 0xff,
                    2 => (byte)(bytes[position] ^ (1 << random.Next(8))),
                    _ => (byte)random.Next(256),
                };
            }

            try
            {
                Exercise(bytes);
                parsed++;
            }
            catch (ElfFormatException)
            {
                rejected++;
            }
            catch (Exception ex)
            {
                Assert.Fail($"Mutation {iteration} (seed {Seed}) escaped as {ex.GetType().Name}: {ex}");
            }
        }

        output.WriteLine($"{parsed} parsed, {rejected} rejected in {stopwatch.ElapsedMilliseconds} ms");

        // Both outcomes must be well represented, or the loop is not testing what it claims.
        Assert.InRange(parsed, 100, Mutations);
        Assert.InRange(rejected, 100, Mutations);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(60), $"fuzz loop took {stopwatch.Elapsed}");
    }

    /// <summary>Touches every public member so lazily-read data (symbol tables, segments) is fuzzed too.</summary>
    private static void Exercise(byte[] bytes)
    {
        using var elf = ElfTestFiles.Parse(bytes);
        _ = elf.FileType;
        _ = elf.ComputeLoadBias(0x7f00_0000_0000);
        _ = elf.FindSection(".text");
        _ = elf.TryFindSymbol("main", out _);
        _ = elf.TryFindSymbol("_start", out _);
        _ = GlibcThreadDb.TryGetPthreadTidOffset(elf, out _);
        _ = elf.EnumerateSymbols(".dynsym").Count();
        _ = elf.EnumerateSymbols(".symtab").Count();
        var buffer = new byte[16];
        _ = elf.TryReadVirtual(elf.FirstLoadVirtualAddress, buffer);
        foreach (var section in elf.Sections)
        {
            _ = elf.TryReadVirtual(section.Address, buffer);
        }
    }

    /// <summary>ELF header, program headers, section headers and the symbol/string tables of the original file.</summary>
    private static List<(int Start, int Length)> InterestingRegions(byte[] original)
    {
        using var elf = ElfTestFiles.Parse(original.ToArray());
        var regions = new List<(int Start, int Length)>
        {
            (0, 64),
            (64, elf.ProgramHeaders.Count * 56),
            ((int)ElfTestFiles.SectionHeaderTableOffset(original), elf.Sections.Count * 64),
        };
        foreach (var name in new[] { ".dynsym", ".dynstr", ".symtab", ".strtab", ".shstrtab" })
        {
            var section = elf.FindSection(name)!;
            regions.Add(((int)section.Offset, (int)section.Size));
        }

        return regions;
    }
}
