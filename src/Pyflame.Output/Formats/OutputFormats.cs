namespace Pyflame.Output.Formats;

/// <summary>Names of the formats on the command line and how a file name implies one.</summary>
public static class OutputFormats
{
    private static readonly (string Name, OutputFormat Format)[] s_names =
    [
        ("folded", OutputFormat.Folded),
        ("svg", OutputFormat.Svg),
        ("html", OutputFormat.Html),
        ("speedscope", OutputFormat.Speedscope),
        ("cpuprofile", OutputFormat.CpuProfile),
        ("chrome-trace", OutputFormat.ChromeTrace),
        ("pprof", OutputFormat.Pprof),
    ];

    // Longest suffix first: ".speedscope.json" and ".trace.json" must win over ".json".
    private static readonly (string Suffix, OutputFormat Format)[] s_extensions =
    [
        (".speedscope.json", OutputFormat.Speedscope),
        (".trace.json", OutputFormat.ChromeTrace),
        (".cpuprofile", OutputFormat.CpuProfile),
        (".pb.gz", OutputFormat.Pprof),
        (".pprof", OutputFormat.Pprof),
        (".json", OutputFormat.ChromeTrace),
        (".svg", OutputFormat.Svg),
        (".html", OutputFormat.Html),
        (".htm", OutputFormat.Html),
        (".folded", OutputFormat.Folded),
        (".txt", OutputFormat.Folded),
    ];

    /// <summary>"folded, svg, html, speedscope, cpuprofile, chrome-trace, pprof".</summary>
    public static string NameList => string.Join(", ", s_names.Select(n => n.Name));

    public static string NameOf(OutputFormat format) => s_names.First(n => n.Format == format).Name;

    /// <summary>The usual file extension of a format (the first one that implies it), e.g. ".svg", ".folded".</summary>
    public static string ExtensionOf(OutputFormat format) => s_extensions.First(e => e.Format == format).Suffix;

    /// <summary>Parses a <c>--format</c> value (case-insensitive).</summary>
    public static bool TryParse(string text, out OutputFormat format)
    {
        foreach ((string name, OutputFormat value) in s_names)
        {
            if (string.Equals(name, text, StringComparison.OrdinalIgnoreCase))
            {
                format = value;
                return true;
            }
        }

        format = OutputFormat.Folded;
        return false;
    }

    /// <summary>The format a file name implies by its extension (case-insensitive); false when it implies none.</summary>
    public static bool TryInferFromPath(string path, out OutputFormat format)
    {
        ArgumentNullException.ThrowIfNull(path);
        foreach ((string suffix, OutputFormat value) in s_extensions)
        {
            if (path.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                format = value;
                return true;
            }
        }

        format = OutputFormat.Folded;
        return false;
    }

    /// <summary>True for formats drawn along a time axis, which need every sample in order (a <c>SampleTimeline</c>).</summary>
    public static bool NeedsTimeline(OutputFormat format) =>
        format is OutputFormat.Speedscope or OutputFormat.CpuProfile or OutputFormat.ChromeTrace;

    /// <summary>True for the formats that draw a flame graph, where <c>--icicle</c> applies.</summary>
    public static bool DrawsFlameGraph(OutputFormat format) => format is OutputFormat.Svg or OutputFormat.Html;
}
