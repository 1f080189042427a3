using System.IO.Compression;
using System.Text;
using Pyflame.Core.Python;
using Pyflame.Core.Python.Discovery;
using Pyflame.Core.Python.Layouts;

namespace Pyflame.Core.Memory.Snapshots;

/// <summary>
/// A recorded stack walk: the interpreter facts the walker starts from and every memory page it read,
/// saved gzip-compressed (the micro-benchmarks keep theirs under bench/fixtures/; the fuzz tests record theirs live).
/// Pages (not the exact reads) are kept so a walker that changes how it reads (bigger blocks, scatter reads) still
/// replays against the same fixture.
/// </summary>
public sealed record MemoryFixture(
    PythonVersion Version,
    ulong InterpreterHeadPointer,
    ulong RuntimeAddress,
    ulong ThreadStateCurrentPointer,
    ulong CodeTypeAddress,
    int PthreadTidOffset,
    IReadOnlyDictionary<ulong, byte[]> Pages)
{
    private const string Magic = "PFMEM1";
    private const int MaxPages = 1 << 16;

    public PythonRuntime ToRuntime() => new()
    {
        Version = Version,
        Layout = LayoutCatalog.TryGet(Version, out PyLayout? layout) ? layout : throw new InvalidDataException($"no layout for {Version}"),
        ModulePath = "(recorded)",
        VersionSource = "fixture",
        InterpreterHeadPointer = InterpreterHeadPointer,
        RuntimeAddress = RuntimeAddress,
        ThreadStateCurrentPointer = ThreadStateCurrentPointer,
        CodeTypeAddress = CodeTypeAddress,
        PthreadTidOffset = PthreadTidOffset,
    };

    public void Save(string path)
    {
        using FileStream file = File.Create(path);
        using GZipStream zip = new(file, CompressionLevel.SmallestSize);
        using BinaryWriter writer = new(zip, Encoding.UTF8);
        writer.Write(Magic);
        writer.Write(Version.Major);
        writer.Write(Version.Minor);
        writer.Write(Version.Patch);
        writer.Write(InterpreterHeadPointer);
        writer.Write(RuntimeAddress);
        writer.Write(ThreadStateCurrentPointer);
        writer.Write(CodeTypeAddress);
        writer.Write(PthreadTidOffset);
        writer.Write(Pages.Count);
        foreach ((ulong address, byte[] bytes) in Pages.OrderBy(p => p.Key))
        {
            writer.Write(address);
            writer.Write(bytes.Length);
            writer.Write(bytes);
        }
    }

    /// <summary>Loads a fixture; sizes are bounded so a damaged file fails with InvalidDataException.</summary>
    public static MemoryFixture Load(string path)
    {
        using FileStream file = File.OpenRead(path);
        using GZipStream zip = new(file, CompressionMode.Decompress);
        using BinaryReader reader = new(zip, Encoding.UTF8);
        if (reader.ReadString() != Magic)
        {
            throw new InvalidDataException(path + " is not a Pyflame memory fixture");
        }

        PythonVersion version = new(reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32());
        (ulong head, ulong runtime, ulong current, ulong codeType) = (reader.ReadUInt64(), reader.ReadUInt64(), reader.ReadUInt64(), reader.ReadUInt64());
        int tidOffset = reader.ReadInt32();
        int count = reader.ReadInt32();
        if (count is < 0 or > MaxPages)
        {
            throw new InvalidDataException($"{path}: {count} pages is out of range");
        }

        Dictionary<ulong, byte[]> pages = new(count);
        for (int i = 0; i < count; i++)
        {
            ulong address = reader.ReadUInt64();
            int length = reader.ReadInt32();
            if (length is < 0 or > RecordingMemoryReader.PageSize)
            {
                throw new InvalidDataException($"{path}: page of {length} bytes");
            }

            pages[address] = reader.ReadBytes(length);
        }

        return new MemoryFixture(version, head, runtime, current, codeType, tidOffset, pages);
    }
}
