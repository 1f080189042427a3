using System.Buffers.Binary;
using System.Text;
using Pyflame.Core.Python.Layouts;
using Pyflame.Core.Python.Strings;
using Pyflame.Core.Tests.Fakes;
using Pyflame.Core.Tests.Support;

namespace Pyflame.Core.Tests.Python.Strings;

/// <summary>
/// cpython-internals.md §7.9: under LC_ALL=C, 3.6 keeps a non-ASCII script path as a UCS2 str with
/// surrogate escapes (U+DC80..U+DCFF). Every interpreter runs a script from a non-ASCII directory in
/// the C locale and dumps its own co_filename object; we must decode it to the real path.
/// </summary>
public sealed class NonUtf8LocaleFilenameTests
{
    private static readonly Dictionary<string, string> CLocale = new()
    {
        ["LC_ALL"] = "C",
        ["LANG"] = "C",
        ["LC_CTYPE"] = "C",
    };

    [Theory]
    [MemberData(nameof(InstalledPythons.PresentLabels), MemberType = typeof(InstalledPythons))]
    public void CoFilenameDecodesToTheRealUtf8Path(string label)
    {
        InstalledPython python = InstalledPythons.Get(label);
        PyLayout layout = TestLayouts.For(python.Version);
        string directory = Path.Combine(Path.GetTempPath(), $"pyflame-héllo_日本_😀-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        try
        {
            string script = Path.Combine(directory, "dump_strings.py");
            File.Copy(PythonProcess.ScriptPath("Python", "Strings", "Scripts", "dump_strings.py"), script);
            ObjectDump dump = ObjectDump.ParseAll(PythonProcess.Run(python, script, ["filename"], CLocale)).Single();

            Assert.Equal(script, Encoding.UTF8.GetString(dump.Expected)); // the interpreter saw the path we gave
            var reader = new PyStringReader(dump.ToMemory(), layout);
            Assert.True(reader.TryReadString(dump.Address, out string value));
            Assert.Equal(script, value);

            if (python.Version is { Major: 3, Minor: 6 })
            {
                // Prove the hard case really happened: a kind-2 string holding U+DCC3 ('é' = C3 A9 escaped).
                uint state = BinaryPrimitives.ReadUInt32LittleEndian(dump.Object.AsSpan(layout.UnicodeState));
                Assert.Equal(2u, (state >> 2) & 7);
                Assert.True(dump.Object.AsSpan().IndexOf((ReadOnlySpan<byte>)[0xC3, 0xDC, 0xA9, 0xDC]) > 0, "no surrogate escapes in the 3.6 object");
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
