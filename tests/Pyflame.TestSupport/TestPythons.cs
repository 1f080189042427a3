using System.Globalization;
using Pyflame.Core.Python;

namespace Pyflame.TestSupport;

/// <summary>
/// The interpreters of this machine kind, read from tests/pythons.list (the repository's one list, also read by
/// tools/layoutgen/generate.sh). Theories run over the present ones; <see cref="Missing"/> lets a test fail loudly
/// when one is absent, so a missing interpreter is never a silent pass. PYFLAME_ALLOW_MISSING_PYTHONS=1 accepts
/// missing interpreters on a different machine.
/// </summary>
public static class TestPythons
{
    public const string AllowMissingVariable = "PYFLAME_ALLOW_MISSING_PYTHONS";

    private static readonly Lazy<IReadOnlyList<TestPython>> LazyAll = new(Load);

    public static IReadOnlyList<TestPython> All => LazyAll.Value;

    public static IEnumerable<TestPython> Present => All.Where(python => python.IsPresent);

    /// <summary>Every absent interpreter, described; empty when PYFLAME_ALLOW_MISSING_PYTHONS=1.</summary>
    public static IReadOnlyList<string> Missing =>
        Environment.GetEnvironmentVariable(AllowMissingVariable) == "1"
            ? []
            : [.. All.Where(python => !python.IsPresent).Select(Describe)];

    public static TestPython Get(string name) =>
        All.SingleOrDefault(python => python.Name == name) ?? throw new ArgumentException($"no interpreter {name} in tests/pythons.list", nameof(name));

    /// <summary>xunit MemberData rows of the names of the present interpreters that pass <paramref name="filter"/>.</summary>
    public static TheoryData<string> PresentNames(Func<TestPython, bool>? filter = null)
    {
        TheoryData<string> data = [];
        foreach (TestPython python in Present.Where(filter ?? (_ => true)))
        {
            data.Add(python.Name);
        }

        return data;
    }

    private static string Describe(TestPython python) => python.Root is null
        ? $"{python.Name} (the {python.RootName} root is not built: run tools/debian-root/ensure {python.RootName["debian-".Length..]})"
        : $"{python.Name} ({python.HostProgram})";

    private static IReadOnlyList<TestPython> Load()
    {
        string file = Path.Combine(AppContext.BaseDirectory, "pythons.list");
        List<TestPython> pythons = [];
        foreach (string line in File.ReadLines(file))
        {
            string[] columns = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (columns.Length == 0 || columns[0].StartsWith('#'))
            {
                continue;
            }

            if (columns.Length != 6)
            {
                throw new InvalidDataException($"{file}: expected 6 columns: {line}");
            }

            int[] parts = [.. columns[1].Split('.').Select(part => int.Parse(part, CultureInfo.InvariantCulture))];
            TestPythonKind kind = columns[2] switch
            {
                "executable" => TestPythonKind.Executable,
                "embed-host" => TestPythonKind.EmbedHost,
                _ => throw new InvalidDataException($"{file}: unknown kind '{columns[2]}': {line}"),
            };
            pythons.Add(new TestPython(columns[0], new PythonVersion(parts[0], parts[1], parts[2]), kind, columns[3], columns[4], columns[5] == "-" ? null : columns[5]));
        }

        return pythons;
    }
}
