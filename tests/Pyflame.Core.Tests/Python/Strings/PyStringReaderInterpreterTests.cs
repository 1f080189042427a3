using System.Buffers.Binary;
using System.Text;
using Pyflame.Core.Python.Layouts;
using Pyflame.Core.Python.Strings;
using Pyflame.Core.Tests.Fakes;
using Pyflame.Core.Tests.Support;
using Xunit.Abstractions;

namespace Pyflame.Core.Tests.Python.Strings;

/// <summary>
/// Real str/bytes objects copied out of live interpreters with ctypes, placed at their original
/// addresses in synthetic memory, must read back as exactly the original text/bytes.
/// </summary>
public sealed class PyStringReaderInterpreterTests(ITestOutputHelper output)
{
    // Labels 2.7 writes as deliberately invalid UTF-8, with the documented Latin-1 fallback.
    private static readonly Dictionary<string, string> Python2Fallbacks = new() { ["invalid"] = "\u00ff\u00feab\u00e9c" };

    [Theory]
    [MemberData(nameof(InstalledPythons.PresentLabels), MemberType = typeof(InstalledPythons))]
    public void ReaderReturnsTheOriginalTextOfRealObjects(string label)
    {
        InstalledPython python = InstalledPythons.Get(label);
        PyLayout layout = TestLayouts.For(python.Version);
        string script = PythonProcess.ScriptPath("Python", "Strings", "Scripts", "dump_strings.py");
        List<ObjectDump> dumps = ObjectDump.ParseAll(PythonProcess.Run(python, script));

        var kindsSeen = new HashSet<(int Kind, bool Compact)>();
        foreach (ObjectDump dump in dumps.Where(d => !d.IsBytesObject))
        {
            SyntheticMemory memory = dump.ToMemory();
            var reader = new PyStringReader(memory, layout);
            Assert.True(reader.TryReadString(dump.Address, out string value), $"{label} {dump.Label}: not read");
            string expected = layout.NamesAreBytes && Python2Fallbacks.TryGetValue(dump.Label, out string? fallback)
                ? fallback
                : Encoding.UTF8.GetString(dump.Expected);
            Assert.Equal(expected, value);

            // Short compact names must cost exactly one read; non-compact and long ones one more.
            int expectedReads = dump.DataAddress == 0 && dump.Expected.Length <= 100 ? 1 : 2;
            Assert.True(memory.ReadCount <= expectedReads, $"{label} {dump.Label}: {memory.ReadCount} reads");
            if (!layout.NamesAreBytes)
            {
                uint state = BinaryPrimitives.ReadUInt32LittleEndian(dump.Object.AsSpan(layout.UnicodeState));
                kindsSeen.Add(((int)((state >> 2) & 7), (state & 0x20) != 0));
            }
        }

        foreach (ObjectDump dump in dumps.Where(d => d.IsBytesObject))
        {
            var reader = new PyStringReader(dump.ToMemory(), layout);
            Assert.True(reader.TryReadBytes(dump.Address, out byte[] bytes), $"{label} bytes {dump.Label}: not read");
            Assert.Equal(dump.Expected, bytes);
        }

        output.WriteLine($"{label}: {dumps.Count} objects read back exactly; str kinds (kind, compact): {string.Join(' ', kindsSeen.Order())}");
        if (!layout.NamesAreBytes)
        {
            // The samples must really cover all three widths, both compact and behind a pointer.
            foreach (int kind in new[] { 1, 2, 4 })
            {
                Assert.Contains((kind, true), kindsSeen);
                Assert.Contains((kind, false), kindsSeen);
            }
        }
    }
}
