using Pyflame.Core.Python;
using Pyflame.Core.Python.Layouts;

namespace Pyflame.Core.Tests.Fakes;

/// <summary>
/// HAND-WRITTEN TEST DATA, not the product's layouts: offsets copied from
/// /work/shared/docs/cpython-internals.md §2.5 (PyCodeObject) and §2.6 (str/bytes), measured on the
/// pyenv builds. Only the code and string fields are filled in. Replace with the generated tables
/// once they exist.
/// </summary>
public static class TestLayouts
{
    public static PyLayout Py27 { get; } = new()
    {
        Version = new PythonVersion(2, 7, 18),
        Source = "hand-written test data",
        CodeSize = 128, CodeFilename = 80, CodeName = 88, CodeFirstLineno = 96, CodeLineTable = 104,
        BytesSize = 16, BytesData = 36,
    };

    public static PyLayout Py36 { get; } = Py3Legacy(new PythonVersion(3, 6, 15), codeSize: 144, firstLineno: 36, filename: 96);

    public static PyLayout Py37 { get; } = Py3Legacy(new PythonVersion(3, 7, 16), codeSize: 144, firstLineno: 36, filename: 96);

    public static PyLayout Py38 { get; } = Py3Legacy(new PythonVersion(3, 8, 18), codeSize: 176, firstLineno: 40, filename: 104);

    public static PyLayout Py39 { get; } = Py3Legacy(new PythonVersion(3, 9, 18), codeSize: 176, firstLineno: 40, filename: 104);

    public static PyLayout Py310 { get; } = Py3Legacy(new PythonVersion(3, 10, 13), codeSize: 176, firstLineno: 40, filename: 104);

    public static PyLayout Py311 { get; } = Py3Modern(new PythonVersion(3, 11, 7), codeSize: 192, firstLineno: 72, firstTraceable: 168, adaptive: 184) with
    {
        UnicodeAsciiData = 48, UnicodeCompactData = 72, UnicodeLegacyData = 72,
    };

    public static PyLayout Py312 { get; } = Py3Modern(new PythonVersion(3, 12, 1), codeSize: 200, firstLineno: 68, firstTraceable: 176, adaptive: 192);

    public static PyLayout Py313 { get; } = Py3Modern(new PythonVersion(3, 13, 0), codeSize: 208, firstLineno: 68, firstTraceable: 184, adaptive: 200);

    /// <summary>The hand-written layout for a major.minor version (patch ignored: Debian 3.11.2 matches 3.11.7).</summary>
    public static PyLayout For(PythonVersion version) => (version.Major, version.Minor) switch
    {
        (2, 7) => Py27,
        (3, 6) => Py36,
        (3, 7) => Py37,
        (3, 8) => Py38,
        (3, 9) => Py39,
        (3, 10) => Py310,
        (3, 11) => Py311,
        (3, 12) => Py312,
        (3, 13) => Py313,
        // 3.14+: no hand-written copy; the generated table itself is then what the live-object tests check.
        _ => LayoutCatalog.TryGet(version, out PyLayout? generated) ? generated
            : throw new ArgumentOutOfRangeException(nameof(version), version, "no test layout"),
    };

    // 3.6-3.10: co_filename, co_name, line table are consecutive pointers; str headers are the ≤3.11 ones.
    private static PyLayout Py3Legacy(PythonVersion version, int codeSize, int firstLineno, int filename) => new()
    {
        Version = version,
        Source = "hand-written test data",
        CodeSize = codeSize, CodeFirstLineno = firstLineno, CodeFilename = filename, CodeName = filename + 8, CodeLineTable = filename + 16,
        BytesSize = 16, BytesData = 32,
        UnicodeLength = 16, UnicodeState = 32, UnicodeAsciiData = 48, UnicodeCompactData = 72, UnicodeLegacyData = 72,
    };

    // 3.11+: qualname added; 3.12 dropped wstr so the str headers shrank (40/56/56).
    private static PyLayout Py3Modern(PythonVersion version, int codeSize, int firstLineno, int firstTraceable, int adaptive) => new()
    {
        Version = version,
        Source = "hand-written test data",
        CodeSize = codeSize, CodeFirstLineno = firstLineno, CodeFilename = 112, CodeName = 120, CodeQualname = 128, CodeLineTable = 136,
        CodeFirstTraceable = firstTraceable, CodeCodeAdaptive = adaptive,
        BytesSize = 16, BytesData = 32,
        UnicodeLength = 16, UnicodeState = 32, UnicodeAsciiData = 40, UnicodeCompactData = 56, UnicodeLegacyData = 56,
    };
}
