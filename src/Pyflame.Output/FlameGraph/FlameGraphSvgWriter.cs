using System.Globalization;
using System.Text;
using Pyflame.Core.Aggregation;
using Pyflame.Output.Formats;

namespace Pyflame.Output.FlameGraph;

/// <summary>
/// <c>--format svg</c>: an interactive flame graph in one self-contained SVG (no network): hover shows
/// a box's function, file, line, samples and share; click zooms into it; the search box (or Ctrl-F,
/// or <c>?s=REGEX</c> in the URL) highlights matches and shows the matched share of all samples.
/// Boxes carry their position in samples (<c>data-x</c>, <c>data-w</c>, <c>data-d</c> = depth), so the
/// script rescales exactly; the initial pixel layout is written too, so viewers without scripts still
/// draw it. Boxes narrower than a tenth of a pixel are left out, which bounds the file size.
/// </summary>
public static class FlameGraphSvgWriter
{
    internal const int Width = 1200;
    internal const int Pad = 10;
    internal const int FrameHeight = 16;
    internal const int Top = 74;
    internal const double CharWidth = 7.2; // 12px monospace
    private const double MinWidthPixels = 0.1;

    public static void Write(Profile profile, Stream output, ProfileWriteOptions options)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(options);
        using var writer = new StreamWriter(output, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        writer.Write("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n");
        WriteSvgElement(profile, writer, options);
        writer.Flush();
    }

    /// <summary>Writes the <c>&lt;svg&gt;</c> element alone, for embedding in the HTML report too.</summary>
    internal static void WriteSvgElement(Profile profile, TextWriter writer, ProfileWriteOptions options)
    {
        FlameNode root = FlameTree.Build(profile);
        long total = Math.Max(root.Total, 1);
        double minSamples = total * MinWidthPixels / (Width - (2 * Pad));
        List<(FlameNode Node, long X, int Depth)> boxes = Flatten(root, minSamples);
        int maxDepth = boxes.Max(b => b.Depth);
        int framesHeight = (maxDepth + 1) * FrameHeight;
        int height = Top + framesHeight + 36;
        string title = ProfileCaption.Title(profile.Metadata);

        var text = new StringBuilder(256);
        text.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" id=\"pf-svg\" class=\"pf\" width=\"{Width}\" height=\"{height}\" viewBox=\"0 0 {Width} {height}\"");
        text.Append(CultureInfo.InvariantCulture, $" data-width=\"{Width}\" data-pad=\"{Pad}\" data-char-width=\"{CharWidth}\" data-direction=\"{(options.Icicle ? "icicle" : "flame")}\">\n");
        text.Append("<style>").Append(FlameGraphScript.Css).Append("</style>\n");
        text.Append(CultureInfo.InvariantCulture, $"<rect x=\"0\" y=\"0\" width=\"{Width}\" height=\"{height}\" fill=\"#f8f8f4\"/>\n");
        text.Append(CultureInfo.InvariantCulture, $"<text id=\"pf-title\" class=\"pf-title\" x=\"{Width / 2}\" y=\"24\" text-anchor=\"middle\">");
        XmlText.Append(text, title);
        text.Append(CultureInfo.InvariantCulture, $"</text>\n<text id=\"pf-subtitle\" class=\"pf-subtitle\" x=\"{Width / 2}\" y=\"42\" text-anchor=\"middle\">");
        XmlText.Append(text, ProfileCaption.Subtitle(profile.Metadata, root.Total));
        text.Append("</text>\n");
        text.Append(CultureInfo.InvariantCulture, $"<text id=\"pf-unzoom\" class=\"pf-button hide\" x=\"{Pad}\" y=\"64\">Reset Zoom</text>\n");
        text.Append(CultureInfo.InvariantCulture, $"<text id=\"pf-matched\" class=\"pf-matched\" x=\"{Width - 260}\" y=\"64\" text-anchor=\"end\"></text>\n");
        text.Append(CultureInfo.InvariantCulture, $"<foreignObject x=\"{Width - 250}\" y=\"49\" width=\"240\" height=\"22\">");
        text.Append("<input xmlns=\"http://www.w3.org/1999/xhtml\" id=\"pf-search\" type=\"search\" placeholder=\"Search (regex, Ctrl-F)\" aria-label=\"Search functions\"/></foreignObject>\n");
        text.Append(CultureInfo.InvariantCulture, $"<g id=\"pf-frames\" data-total=\"{root.Total}\">\n");
        writer.Write(text);

        foreach ((FlameNode node, long x, int depth) in boxes)
        {
            text.Clear();
            int row = options.Icicle ? depth : maxDepth - depth;
            AppendBox(text, node, x, depth, Top + (row * FrameHeight), total);
            writer.Write(text);
        }

        text.Clear();
        text.Append("</g>\n");
        text.Append(CultureInfo.InvariantCulture, $"<text id=\"pf-details\" class=\"pf-details\" x=\"{Pad}\" y=\"{Top + framesHeight + 22}\"> </text>\n");
        text.Append("<script type=\"text/ecmascript\"><![CDATA[\n").Append(FlameGraphScript.Script).Append("]]></script>\n</svg>\n");
        writer.Write(text);
    }

    /// <summary>Boxes in depth-first order with their offset (in samples) and depth; iterative, so deep stacks cannot overflow.</summary>
    private static List<(FlameNode, long, int)> Flatten(FlameNode root, double minSamples)
    {
        var boxes = new List<(FlameNode, long, int)>();
        var pending = new Stack<(FlameNode Node, long X, int Depth)>();
        pending.Push((root, 0, 0));
        while (pending.Count > 0)
        {
            (FlameNode node, long x, int depth) = pending.Pop();
            boxes.Add((node, x, depth));
            List<FlameNode> children = node.SortedChildren();
            long offset = x;
            var placed = new List<(FlameNode, long, int)>(children.Count);
            foreach (FlameNode child in children)
            {
                if (child.Total >= minSamples && child.Total > 0)
                {
                    placed.Add((child, offset, depth + 1));
                }

                offset += child.Total;
            }

            for (int i = placed.Count - 1; i >= 0; i--)
            {
                pending.Push(placed[i]);
            }
        }

        return boxes;
    }

    private static void AppendBox(StringBuilder text, FlameNode node, long x, int depth, int y, long total)
    {
        const double Scale = Width - (2 * Pad);
        double left = Pad + (x * Scale / total);
        double pixels = node.Total * Scale / total;
        string where = node.File.Length == 0 ? "" : node.Line > 0 ? $"{node.File}:{node.Line.ToString(CultureInfo.InvariantCulture)}" : node.File;
        text.Append(CultureInfo.InvariantCulture, $"<g class=\"f\" data-x=\"{x}\" data-w=\"{node.Total}\" data-d=\"{depth}\" data-n=\"");
        XmlText.Append(text, node.Name);
        text.Append("\" data-f=\"");
        XmlText.Append(text, where);
        text.Append("\"><title>");
        XmlText.Append(text, node.Name);
        if (where.Length > 0)
        {
            text.Append(" (");
            XmlText.Append(text, where);
            text.Append(')');
        }

        text.Append(CultureInfo.InvariantCulture, $": {node.Total} samples, {100.0 * node.Total / total:0.00}%</title>");
        text.Append(CultureInfo.InvariantCulture, $"<rect x=\"{left:0.##}\" y=\"{y}\" width=\"{Math.Max(pixels - 0.5, 0.1):0.##}\" height=\"{FrameHeight - 1}\" rx=\"2\" fill=\"{FrameColors.Of(node.Kind, node.Name)}\"/>");
        text.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + 3:0.##}\" y=\"{y + 11.5:0.#}\">");
        XmlText.Append(text, FitLabel(node.Name, pixels));
        text.Append("</text></g>\n");
    }

    /// <summary>The label as much as fits in the box (the script does the same after a zoom).</summary>
    private static string FitLabel(string label, double pixels)
    {
        int chars = (int)Math.Floor((pixels - 6) / CharWidth);
        if (chars < 3)
        {
            return "";
        }

        return label.Length <= chars ? label : string.Concat(label.AsSpan(0, chars - 2), "..");
    }
}
