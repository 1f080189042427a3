using System.Text.RegularExpressions;

namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>
/// What <c>-d --locals</c> must print for tests/targets/locals.py, per Python major version: every value is exact
/// except object addresses, written <c>0xADDR</c> here.
/// </summary>
internal static class LocalsTarget
{
    public static IReadOnlyList<string> Inner(int major) =>
    [
        "flag = True",
        "nothing = None",
        "small = -7",
        major == 2 ? "big = 1267650600228229401496703205376L" : "big = 1267650600228229401496703205376",
        "ratio = 0.1",
        "text = \"it's\\n\"",
        major == 2 ? "data = '\\x00ab'" : "data = b'\\x00ab'",
        "pair = (1,)",
        "table = {'k': [1, (2, 3)]}",
        "members = {5}",
        "deep = [[[[...]]]]",
        "obj = <Marker at 0xADDR>",
        "shared = ['a', 1]",
    ];

    public static IReadOnlyList<string> Outer { get; } =
    [
        "count = 3",
        "scale = 2.5",
        "rest = ('x',)",
        "options = {'mode': 'fast'}",
        "inner = <function at 0xADDR>",
        "shared = ['a', 1]",
    ];

    /// <summary>Asserts <paramref name="actual"/> line by line, an address standing for any hex address.</summary>
    public static void AssertLines(IReadOnlyList<string> expected, IReadOnlyList<string> actual, string context)
    {
        Assert.True(expected.Count == actual.Count, $"expected {expected.Count} variables, got {actual.Count}:\n{string.Join('\n', actual)}\n{context}");
        for (int i = 0; i < expected.Count; i++)
        {
            string pattern = "^" + Regex.Escape(expected[i]).Replace("0xADDR", "0x[0-9a-f]+", StringComparison.Ordinal) + "$";
            Assert.True(Regex.IsMatch(actual[i], pattern), $"variable {i}: expected '{expected[i]}', got '{actual[i]}'\n{context}");
        }
    }
}
