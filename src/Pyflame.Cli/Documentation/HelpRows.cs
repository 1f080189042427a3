using System.CommandLine;

namespace Pyflame.Cli.Documentation;

/// <summary>
/// The label/description rows --help prints for a command's visible options and arguments, for the man page.
/// System.CommandLine keeps its help builder internal, so the label follows its rule (names ordered by prefix,
/// then name; one per name; " &lt;HELPNAME&gt;" when a value follows; a default shown for values, not flags); a test compares every row with --help's.
/// </summary>
internal sealed record HelpRows(IReadOnlyList<HelpRow> Options, IReadOnlyList<HelpRow> Arguments)
{
    public static HelpRows Of(Command command) => new(
        // Like --help: the command's own options, then the recursive ones (-h, --help).
        [.. command.Options.Where(o => !o.Hidden).OrderBy(o => o.Recursive).Select(o => new HelpRow(Label(o), WithDefault(o.Description, o.HasDefaultValue && TakesValue(o), o.GetDefaultValue)))],
        [.. command.Arguments.Where(a => !a.Hidden).Select(a => new HelpRow($"<{a.HelpName ?? a.Name}>", WithDefault(a.Description, a.HasDefaultValue, a.GetDefaultValue)))]);

    private static string Label(Option option)
    {
        IEnumerable<string> names = new[] { option.Name }.Concat(option.Aliases)
            .Select(SplitPrefix)
            .OrderBy(n => n.Prefix, StringComparer.OrdinalIgnoreCase)
            .ThenBy(n => n.Name, StringComparer.OrdinalIgnoreCase)
            .DistinctBy(n => n.Name)
            .Select(n => n.Prefix + n.Name);
        string label = string.Join(", ", names);
        return TakesValue(option) ? $"{label} <{option.HelpName ?? option.Name.TrimStart('-', '/')}>" : label;
    }

    /// <summary>True when a value follows the option on the command line (not for flags).</summary>
    public static bool TakesValue(Option option) => option.ValueType != typeof(bool) && option.Arity.MaximumNumberOfValues > 0;

    private static (string Prefix, string Name) SplitPrefix(string name)
    {
        int length = name.StartsWith("--", StringComparison.Ordinal) ? 2 : name.StartsWith('-') || name.StartsWith('/') ? 1 : 0;
        return (name[..length], name[length..]);
    }

    private static string WithDefault(string? description, bool hasDefault, Func<object?> defaultValue) =>
        hasDefault ? $"{description} [default: {defaultValue()}]" : description ?? "";
}
