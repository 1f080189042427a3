using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Pyflame.Cli.Live;

/// <summary>Draws a <see cref="LiveScreen"/> with Spectre.Console: the header, the table (as many rows as fit) and the keys.</summary>
internal static class LiveScreenRenderer
{
    /// <summary>Header lines, the table's heading, the keys line.</summary>
    private const int ChromeLines = 3 + 1 + 1 + 1;

    public static IRenderable Render(LiveScreen screen, int width, int height)
    {
        IReadOnlyList<string> header = LiveHeader.Lines(screen);
        List<IRenderable> parts =
        [
            new Markup($"[bold]{Markup.Escape(header[0])}[/]"),
            new Markup(Markup.Escape(header[1])),
            new Markup(screen.State.Paused ? $"[yellow]{Markup.Escape(header[2])}[/]" : Markup.Escape(header[2])),
        ];
        parts.Add(Table(screen, width, Math.Max(1, height - ChromeLines)));
        parts.Add(new Markup($"[dim]keys: {Markup.Escape(LiveKeys.Help)}[/]"));
        return new Rows(parts);
    }

    private static Table Table(LiveScreen screen, int width, int maxRows)
    {
        Table table = new() { Border = TableBorder.None, ShowHeaders = true };
        string[] numbers = ["Own %", "Total %", "Own s", "Total s"];
        for (int i = 0; i < numbers.Length; i++)
        {
            // Own % and Total % are the sortable numbers (the times order rows the same way).
            string heading = i < 2 && i == (int)screen.State.Sort ? $"[underline]{numbers[i]}[/]" : numbers[i];
            table.AddColumn(new TableColumn(heading).RightAligned().NoWrap());
        }

        table.AddColumn(new TableColumn(screen.State.Sort == LiveSort.Function ? "[underline]Function[/]" : "Function").NoWrap());
        string where = screen.State.ByLine ? "File:Line" : "File";
        table.AddColumn(new TableColumn(screen.State.Sort == LiveSort.File ? $"[underline]{where}[/]" : where).NoWrap());
        int fileWidth = Math.Max(20, width - 4 * 9 - 2 - screen.Rows.Take(maxRows).Select(r => r.Frame.Function.Length).DefaultIfEmpty(8).Max());
        foreach (LiveRow row in screen.Rows.Take(maxRows))
        {
            table.AddRow(
                Number(screen.Percent(row.Own), "0.0"),
                Number(screen.Percent(row.Total), "0.0"),
                Number(screen.TimeOf(row.Own).TotalSeconds, "0.00"),
                Number(screen.TimeOf(row.Total).TotalSeconds, "0.00"),
                new Markup($"[bold]{Markup.Escape(row.Frame.Function)}[/]"),
                new Text(ShortenLeft(Location(row), fileWidth)));
        }

        if (screen.Rows.Count == 0)
        {
            table.AddRow(new Text(""), new Text(""), new Text(""), new Text(""), new Markup("[dim](no samples yet)[/]"), new Text(""));
        }

        return table;
    }

    private static Text Number(double value, string format) => new(value.ToString(format, CultureInfo.InvariantCulture));

    private static string Location(LiveRow row) =>
        row.Frame.Line > 0 ? $"{row.Frame.File}:{row.Frame.Line.ToString(CultureInfo.InvariantCulture)}" : row.Frame.File;

    /// <summary>Long paths lose their start, never the file name and line.</summary>
    private static string ShortenLeft(string text, int width) => text.Length <= width ? text : "…" + text[^(width - 1)..];
}
