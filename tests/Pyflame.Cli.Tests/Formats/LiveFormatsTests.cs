using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Pyflame.TestSupport;

namespace Pyflame.Cli.Tests.Formats;

/// <summary>
/// The real CLI (this build's pyflame.dll) traces a real CPython 3.12 running a script with a known
/// 3:1 split (heavy_work / light_work), once per format, and each file is opened by its real consumer.
/// Every consumer must report heavy_work at about 75% of the two functions' time. Sampling is
/// statistical, so the share is checked within 55-92% (a 1:1 or reversed split still fails).
/// </summary>
public partial class LiveFormatsTests : IDisposable
{
    private const string Python = "/root/.pyenv/versions/3.12.1/bin/python";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"pyflame-live-{Guid.NewGuid():N}");

    public LiveFormatsTests() => Directory.CreateDirectory(_directory);

    public void Dispose()
    {
        Directory.Delete(_directory, recursive: true);
        GC.SuppressFinalize(this);
    }

    [Fact]
    public void PythonIsInstalled() => Assert.True(File.Exists(Python), $"{Python} is missing on this machine");

    [Fact]
    public void EveryFormat_FromALiveProfile_IsReadByItsConsumer_WithTheThreeToOneSplit()
    {
        string svg = Trace("profile.svg");
        JsonElement page = JsonDocument.Parse(Consumers.Node("browser-check.mjs", svg, "heavy_work", "light_work")).RootElement;
        Assert.Empty(page.GetProperty("errors").EnumerateArray());
        Assert.StartsWith("Pyflame: " + Python, page.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.True(page.GetProperty("unzoomVisible").GetBoolean());
        AssertLightShare(Percent(page.GetProperty("matched").GetString()!, @"Matched: ([\d.]+)%"), "svg search");

        string html = Trace("profile.html");
        page = JsonDocument.Parse(Consumers.Node("browser-check.mjs", html, "heavy_work", "light_work")).RootElement;
        Assert.Empty(page.GetProperty("errors").EnumerateArray());
        // The table has a row per (function, file): start-up frames can add a second "<module>" row.
        Dictionary<string, long> self = page.GetProperty("table").EnumerateArray()
            .GroupBy(r => r[0].GetString()!)
            .ToDictionary(g => g.Key, g => g.Sum(r => long.Parse(r[2].GetString()!, CultureInfo.InvariantCulture)));
        AssertHeavyShare(self["heavy_work"], self["light_work"], "html table");

        string speedscope = Trace("profile.speedscope.json");
        Assert.Equal("VALID", Consumers.Node("speedscope-schema.mjs", speedscope).Trim());
        JsonElement imported = JsonDocument.Parse(Consumers.Node("speedscope-check.mjs", speedscope)).RootElement;
        Assert.Equal("speedscope json file", imported.GetProperty("importer").GetString());
        Assert.Empty(imported.GetProperty("failures").EnumerateArray());
        AssertHeavyShare(SpeedscopeSelfMs(imported, "heavy_work"), SpeedscopeSelfMs(imported, "light_work"), "speedscope");

        JsonElement devtools = JsonDocument.Parse(Consumers.Node("cpuprofile-check.mjs", Trace("profile.cpuprofile"))).RootElement;
        AssertHeavyShare(Number(devtools, "treeSelfMs", "heavy_work"), Number(devtools, "treeSelfMs", "light_work"), "cpuprofile");

        JsonElement trace = JsonDocument.Parse(Consumers.Node("trace-check.mjs", Trace("profile.trace.json"))).RootElement;
        JsonElement busiest = trace.GetProperty("threads").EnumerateArray().First(t => t.GetProperty("selfMs").TryGetProperty("heavy_work", out _));
        AssertHeavyShare(Number(busiest, "selfMs", "heavy_work"), Number(busiest, "selfMs", "light_work"), "chrome-trace");

        string pprof = Trace("profile.pb.gz");
        (int exitCode, string top, string stderr) = Consumers.GoPprof("-top", "-sample_index=samples", pprof);
        Assert.True(exitCode == 0, stderr);
        AssertHeavyShare(PprofFlat(top, "heavy_work"), PprofFlat(top, "light_work"), "pprof");
        Assert.Contains("<module>", top, StringComparison.Ordinal);

        string folded = File.ReadAllText(Trace("profile.txt"));
        AssertHeavyShare(FoldedCount(folded, "heavy_work"), FoldedCount(folded, "light_work"), "folded");
    }

    [Fact]
    public void TimestampMode_StillWritesItsText()
    {
        string text = File.ReadAllText(Trace("chart.txt", "-T"));
        string[] lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length > 20, text);
        Assert.Matches(@"^\d{16}$", lines[0]);
        Assert.Contains(lines, l => l.Contains(":heavy_work:", StringComparison.Ordinal));
    }

    /// <summary>Runs <c>dotnet pyflame.dll -r 0.005 -o FILE -t python three_to_one.py 1.5</c> and returns the file.</summary>
    private string Trace(string fileName, params string[] extra)
    {
        string output = Path.Combine(_directory, fileName);
        string script = Path.Combine(AppContext.BaseDirectory, "Scripts", "three_to_one.py");
        string[] args = [Path.Combine(AppContext.BaseDirectory, "pyflame.dll"), "-r", "0.005", .. extra, "-o", output, "-t", Python, script, "1.5"];
        (int exitCode, _, string stderr) = Consumers.Run("dotnet", _directory, TimeSpan.FromSeconds(60), args);
        Assert.True(exitCode == 0, $"pyflame {string.Join(' ', args)} exited with {exitCode}: {stderr}");
        Assert.True(new FileInfo(output).Length > 0, $"{output} is empty");
        return output;
    }

    private static void AssertHeavyShare(double heavy, double light, string what)
    {
        double share = heavy / (heavy + light);
        Assert.True(share is > 0.55 and < 0.92, $"{what}: heavy_work {heavy} vs light_work {light} = {share:P1} (expected about 75%)");
    }

    private static void AssertLightShare(double percent, string what) =>
        Assert.True(percent is > 8 and < 45, $"{what}: light_work matched {percent}% (expected about 25%)");

    private static double Percent(string text, string pattern) =>
        double.Parse(Regex.Match(text, pattern).Groups[1].Value, CultureInfo.InvariantCulture);

    private static double Number(JsonElement result, string table, string name) => result.GetProperty(table).GetProperty(name).GetDouble();

    /// <summary>Sums speedscope's Self column for a name (frames at different lines are separate rows).</summary>
    private static double SpeedscopeSelfMs(JsonElement imported, string name) =>
        imported.GetProperty("rows").EnumerateArray().Where(r => r.GetProperty("name").GetString() == name)
            .Sum(r => ToMs(r.GetProperty("self").GetString()!));

    private static double ToMs(string shown)
    {
        Match m = Regex.Match(shown, @"^([\d.]+)(ns|µs|us|ms|s)\b");
        double value = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        return m.Groups[2].Value switch { "ns" => value / 1e6, "µs" or "us" => value / 1e3, "s" => value * 1e3, _ => value };
    }

    private static double PprofFlat(string top, string name) =>
        double.Parse(Regex.Match(top, @"^\s*(\d+)\s+\S+%.*\s" + Regex.Escape(name) + @"\s*$", RegexOptions.Multiline).Groups[1].Value, CultureInfo.InvariantCulture);

    private static double FoldedCount(string folded, string name) =>
        folded.Split('\n').Where(l => l.Contains(":" + name + ":", StringComparison.Ordinal))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
}
