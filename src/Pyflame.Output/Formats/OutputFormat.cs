namespace Pyflame.Output.Formats;

/// <summary>The files pyflame can write (<c>--format</c>).</summary>
public enum OutputFormat
{
    /// <summary>Folded stacks for flamegraph.pl (the default, and Pyflame's original output).</summary>
    Folded,

    /// <summary>A self-contained interactive flame graph SVG.</summary>
    Svg,

    /// <summary>A self-contained HTML page: the flame graph plus a sortable table of functions.</summary>
    Html,

    /// <summary>speedscope's JSON file format, one sampled profile per thread.</summary>
    Speedscope,

    /// <summary>Chrome DevTools <c>.cpuprofile</c> (CDP <c>Profiler.Profile</c>).</summary>
    CpuProfile,

    /// <summary>Trace Event JSON for Perfetto / chrome://tracing / DevTools Performance.</summary>
    ChromeTrace,

    /// <summary>pprof's gzipped <c>profile.proto</c>.</summary>
    Pprof,
}
