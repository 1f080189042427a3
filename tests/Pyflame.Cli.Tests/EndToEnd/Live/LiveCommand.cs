using System.Globalization;
using System.Text.RegularExpressions;

namespace Pyflame.Cli.Tests.EndToEnd.Live;

/// <summary>The pyflame command line for a tmux pane, and readers of what the live view puts on screen.</summary>
internal static partial class LiveCommand
{
    /// <summary>The apphost with <paramref name="arguments"/>, quoted for the pane's shell.</summary>
    public static string Pyflame(params string[] arguments)
    {
        // The apphost finds the runtime the test host runs on.
        string root = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? Path.GetDirectoryName(host)! : "";
        string prefix = root.Length > 0 && Environment.GetEnvironmentVariable("PYFLAME_E2E_CLI") is null ? $"DOTNET_ROOT={TmuxPane.Quote(root)} " : "";
        return prefix + string.Join(' ', new[] { PyflameRunner.ExecutablePath() }.Concat(arguments).Select(TmuxPane.Quote));
    }

    /// <summary>The table's rows: own %, total % and the function and location columns, top first.</summary>
    public static IReadOnlyList<(double Own, double Total, string Function, string Location)> Rows(string screen) =>
        [.. RowPattern().Matches(screen).Select(m => (
            double.Parse(m.Groups["own"].Value, CultureInfo.InvariantCulture),
            double.Parse(m.Groups["total"].Value, CultureInfo.InvariantCulture),
            m.Groups["function"].Value,
            m.Groups["location"].Value))];

    /// <summary>The header's sample count.</summary>
    public static long Samples(string screen) => long.Parse(SamplesPattern().Match(screen).Groups[1].Value, CultureInfo.InvariantCulture);

    /// <summary>The PID the header names.</summary>
    public static int TargetPid(string screen) => int.Parse(PidPattern().Match(screen).Groups[1].Value, CultureInfo.InvariantCulture);

    public static bool HasRow(string screen, string function, string location) =>
        Rows(screen).Any(r => r.Function == function && r.Location == location);

    [GeneratedRegex(@"^\s*(?<own>\d+\.\d)\s+(?<total>\d+\.\d)\s+\d+\.\d\d\s+\d+\.\d\d\s+(?<function>\S+)\s+(?<location>\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex RowPattern();

    [GeneratedRegex(@"· PID (\d+) ·")]
    private static partial Regex PidPattern();

    [GeneratedRegex(@"samples (\d+) ·")]
    private static partial Regex SamplesPattern();
}
