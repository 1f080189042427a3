using System.Globalization;
using System.Text;
using Pyflame.Core.Aggregation;
using Pyflame.Output.Formats;

namespace Pyflame.Output.FlameGraph;

/// <summary>
/// <c>--format html</c>: one self-contained page (no network) with the interactive flame graph of
/// <see cref="FlameGraphSvgWriter"/> inline and a table of functions by self and total samples;
/// clicking a column header sorts by it (again: reverses).
/// </summary>
public static class HtmlReportWriter
{
    /// <summary>Most table rows written (the biggest by self time); the page says when rows were left out.</summary>
    public const int MaxRows = 5000;

    public static void Write(Profile profile, Stream output, ProfileWriteOptions options)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(options);
        using var writer = new StreamWriter(output, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        var text = new StringBuilder();
        text.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
        XmlText.Append(text, ProfileCaption.Title(profile.Metadata));
        text.Append("</title>\n<style>").Append(PageCss).Append("</style>\n</head>\n<body>\n<main>\n");
        writer.Write(text);
        FlameGraphSvgWriter.WriteSvgElement(profile, writer, options);
        text.Clear();
        AppendTable(text, profile);
        text.Append("<script>").Append(TableScript).Append("</script>\n</main>\n</body>\n</html>\n");
        writer.Write(text);
        writer.Flush();
    }

    private static void AppendTable(StringBuilder text, Profile profile)
    {
        List<FunctionStats> rows = FunctionTable.Build(profile);
        double total = Math.Max(profile.TotalSamples, 1);
        text.Append("<h2>Functions</h2>\n<p>Self: samples in which the function was running. Total: samples in which it was anywhere on the stack. ");
        text.Append("Click a column to sort by it.");
        if (rows.Count > MaxRows)
        {
            text.Append(CultureInfo.InvariantCulture, $" Showing the {MaxRows} functions with the most self samples of {rows.Count}.");
        }

        text.Append("</p>\n<table id=\"pf-table\">\n<thead><tr>");
        text.Append("<th data-type=\"text\">Function</th><th data-type=\"text\">File</th>");
        text.Append("<th data-type=\"number\" aria-sort=\"descending\">Self</th><th data-type=\"number\">Self %</th>");
        text.Append("<th data-type=\"number\">Total</th><th data-type=\"number\">Total %</th></tr></thead>\n<tbody>\n");
        foreach (FunctionStats row in rows.Take(MaxRows))
        {
            text.Append("<tr><td>");
            XmlText.Append(text, row.Name);
            text.Append("</td><td>");
            XmlText.Append(text, row.File);
            text.Append(CultureInfo.InvariantCulture, $"</td><td data-value=\"{row.Self}\">{row.Self}</td><td data-value=\"{row.Self}\">{100 * row.Self / total:0.00}%</td>");
            text.Append(CultureInfo.InvariantCulture, $"<td data-value=\"{row.Total}\">{row.Total}</td><td data-value=\"{row.Total}\">{100 * row.Total / total:0.00}%</td></tr>\n");
        }

        text.Append("</tbody>\n</table>\n");
    }

    private const string PageCss = """
        body { font-family: sans-serif; margin: 16px; background: #fff; color: #222; }
        #pf-svg { display: block; max-width: 100%; height: auto; }
        table { border-collapse: collapse; font-size: 13px; }
        th, td { padding: 3px 10px; border-bottom: 1px solid #ddd; text-align: left; }
        td[data-value] { text-align: right; font-family: monospace; }
        th { cursor: pointer; background: #eee; user-select: none; }
        th[aria-sort="ascending"]::after { content: " \25B2"; }
        th[aria-sort="descending"]::after { content: " \25BC"; }
        """;

    private const string TableScript = """
        (() => {
          'use strict';
          const table = document.getElementById('pf-table');
          const headers = Array.from(table.tHead.rows[0].cells);
          const body = table.tBodies[0];
          headers.forEach((th, column) => th.addEventListener('click', () => {
            const numeric = th.getAttribute('data-type') === 'number';
            // First click: numbers biggest first, text A to Z; a second click reverses.
            const current = th.getAttribute('aria-sort');
            const descending = current ? current === 'ascending' : numeric;
            const key = (row) => numeric ? Number(row.cells[column].getAttribute('data-value')) : row.cells[column].textContent;
            const rows = Array.from(body.rows);
            rows.sort((a, b) => {
              const x = key(a); const y = key(b);
              const order = numeric ? x - y : x.localeCompare(y);
              return descending ? -order : order;
            });
            headers.forEach((h) => h.removeAttribute('aria-sort'));
            th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
            body.append(...rows);
          }));
        })();

        """;
}
