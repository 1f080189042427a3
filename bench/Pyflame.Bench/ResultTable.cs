using System.Globalization;
using System.Text;

namespace Pyflame.Bench;

/// <summary>Collects the measurements and prints them twice: a human table and BENCH lines for scripts.</summary>
public sealed class ResultTable(IReadOnlyList<ProfilerTool> tools)
{
    private readonly List<MetricRow> _rows = [];

    public void Add(string id, string title, string unit, ProfilerTool tool, double value)
    {
        MetricRow? row = _rows.Find(r => r.Id == id);
        if (row is null)
        {
            row = new MetricRow(id, title, unit);
            _rows.Add(row);
        }

        row.Add(tool, value);
    }

    public double? Median(string id, ProfilerTool tool) => _rows.Find(r => r.Id == id)?.Median(tool);

    /// <summary>A Markdown table (renders in the README, reads fine in a terminal); "–" where a tool has no such measurement.</summary>
    public string ToMarkdown()
    {
        StringBuilder text = new();
        text.Append("| metric | unit | ").AppendJoin(" | ", tools.Select(t => t.Column)).Append(" |\n");
        text.Append("|---|---|").Append(string.Concat(tools.Select(_ => "---:|"))).Append('\n');
        foreach (MetricRow row in _rows)
        {
            text.Append("| ").Append(row.Title).Append(" | ").Append(row.Unit).Append(" | ");
            text.AppendJoin(" | ", tools.Select(t => Format(row.Median(t)))).Append(" |\n");
        }

        return text.ToString();
    }

    public IEnumerable<string> ToBenchLines()
    {
        foreach (MetricRow row in _rows)
        {
            foreach (ProfilerTool tool in tools)
            {
                if (row.Median(tool) is { } value)
                {
                    int n = row.Values[tool.Key].Count;
                    yield return string.Create(CultureInfo.InvariantCulture,
                        $"BENCH metric={row.Id} tool={tool.Key} value={value:0.####} unit={row.Unit} n={n}");
                }
            }
        }
    }

    private static string Format(double? value) => value switch
    {
        null => "–",
        double v when !double.IsFinite(v) => "n/a",
        double v when Math.Abs(v) >= 100 => v.ToString("0", CultureInfo.InvariantCulture),
        double v when Math.Abs(v) >= 10 => v.ToString("0.0", CultureInfo.InvariantCulture),
        double v => v.ToString("0.00", CultureInfo.InvariantCulture),
    };
}
