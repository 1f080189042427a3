using System.Globalization;
using System.Text.RegularExpressions;

namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>The root frame <c>(thread TID)</c> or <c>(thread TID NAME)</c> that --threads puts above each thread's stacks.</summary>
internal sealed partial record ThreadRoot(int Tid, string? Name)
{
    public static ThreadRoot Parse(string frame)
    {
        Match match = Pattern().Match(frame);
        return match.Success
            ? new ThreadRoot(int.Parse(match.Groups["tid"].Value, CultureInfo.InvariantCulture), match.Groups["name"].Success ? match.Groups["name"].Value : null)
            : throw new FormatException($"not a thread root frame '(thread TID [NAME])': '{frame}'");
    }

    [GeneratedRegex(@"^\(thread (?<tid>[1-9]\d*)(?: (?<name>\S.*))?\)$")]
    private static partial Regex Pattern();
}
