using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Pyflame.Cli.Live;

/// <summary>Draws a <see cref="LiveScreen"/> with Spectre.Console: the header, the table (as many rows as fit) and the keys.</summary>
internal static class LiveScreenRenderer
{
    /// <summary>Header lines, the table's heading, the keys line.</summary>
    private const int ChromeLines = 3 + 1 + 1;

    /// <summary>Width of each number column; the padding Spectre puts around every column.</summary>
    private const int NumberWidth = 7;
    private const int ColumnPadding = 2;
    private const int MaxFunctionWidth = 40;

    public static IRenderable Render(LiveScreen screen, int width, int height)
    {
        IReadOnlyList<string> header = LiveHeader.Lines(screen);
        List<IRenderable> parts =
        [
            new Markup($"[bold]{Markup.Escape(Fit(header[0], width))}[/]"),
            new Markup(Markup.Escape(Fit(header[1], width))),
            new Markup(screen.State.Paused ? $"[yellow]{Markup.Escape(Fit(header[2], width))}[/]" : Markup.Escape(Fit(header[2], width))),
        ];
        parts.Add(Table(screen, width, Math.Max(1, height - ChromeLines)));
        parts.Add(new Markup($"[dim]{Markup.Escape(Fit("keys: " + LiveKeys.Help, width))}[/]"));
        return new Rows(parts);
    }

    /// <summary>
    /// Every column has a fixed width that adds up to the screen's, so no cell ever wraps: a row is one line,
    /// and the function and file columns share what the numbers leave.
    /// </summary>
    private static Table Table(LiveScreen screen, int width, int maxRows)
    {
        List<LiveRow> rows = [.. screen.Rows.Take(maxRows)];
        int functionWidth = Math.Clamp(rows.Select(r => r.Frame.Function.Length).DefaultIfEmpty(16).Max(), "Function".Length, MaxFunctionWidth);
        int fileWidth = Math.Max(10, width - (4 * (NumberWidth + ColumnPadding)) - (functionWidth + ColumnPadding) - ColumnPadding);
        Table table = new() { Border = TableBorder.None, ShowHeaders = true };
        string[] numbers = ["Own %", "Total %", "Own s", "Total s"];
        for (int i = 0; i < numbers.Length; i++)
        {
            // Own % and Total % are the sortable numbers (the times order rows the same way).
            string heading = i < 2 && i == (int)screen.State.Sort ? $"[underline]{numbers[i]}[/]" : numbers[i];
            table.AddColumn(new TableColumn(heading) { Width = NumberWidth }.RightAligned().NoWrap());
        }

        table.AddColumn(new TableColumn(Heading("Function", screen.State.Sort == LiveSort.Function)) { Width = functionWidth }.NoWrap());
        table.AddColumn(new TableColumn(Heading(screen.State.ByLine ? "File:Line" : "File", screen.State.Sort == LiveSort.File)) { Width = fileWidth }.NoWrap());
        foreach (LiveRow row in rows)
        {
            table.AddRow(
                Number(screen.Percent(row.Own), "0.0"),
                Number(screen.Percent(row.Total), "0.0"),
                Number(screen.TimeOf(row.Own).TotalSeconds, "0.00"),
                Number(screen.TimeOf(row.Total).TotalSeconds, "0.00"),
                new Markup($"[bold]{Markup.Escape(Fit(row.Frame.Function, functionWidth))}[/]"),
                new Text(ShortenLeft(Location(row), fileWidth)));
        }

        if (rows.Count == 0)
        {
            table.AddRow(new Text(""), new Text(""), new Text(""), new Text(""), new Markup("[dim](no samples yet)[/]"), new Text(""));
        }

        return table;
    }

    private static string Heading(string text, bool sorted) => sorted ? $"[underline]{text}[/]" : text;

    /// <summary>Cuts the end off text wider than the screen (header lines must not wrap).</summary>
    private static string Fit(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "…";

    private static Text Number(double value, string format) => new(value.ToString(format, CultureInfo.InvariantCulture));

    private static string Location(LiveRow row) =>
        row.Frame.Line > 0 ? $"{row.Frame.File}:{row.Frame.Line.ToString(CultureInfo.InvariantCulture)}" : row.Frame.File;

    /// <summary>Long paths lose their start, never the file name and line.</summary>
    private static string ShortenLeft(string text, int width) => text.Length <= width ? text : "…" + text[^(width - 1)..];
}
