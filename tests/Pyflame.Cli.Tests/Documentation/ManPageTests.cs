using System.Text.RegularExpressions;
using Pyflame.Cli.Tests.EndToEnd;

namespace Pyflame.Cli.Tests.Documentation;

/// <summary>pyflame(1), as <c>pyflame --man</c> prints it, against what <c>pyflame --help</c> prints: they must never drift.</summary>
[Collection(EndToEndCollection.Name)]
public sealed partial class ManPageTests
{
    private static readonly Lazy<string> Help = new(() => Output("--help"));
    private static readonly Lazy<string> Man = new(() => Output("--man"));

    [Theory]
    [InlineData("Options:", ".SH OPTIONS")]
    [InlineData("Arguments:", ".SH ARGUMENTS")]
    public void Every_row_of_help_is_in_the_man_page_with_the_same_label_and_text_and_no_other(string helpSection, string manSection)
    {
        IReadOnlyList<(string Label, string Text)> help = HelpRows(Help.Value, helpSection);
        Assert.True(help.Count > 0, $"--help has no '{helpSection}' rows:\n{Help.Value}");
        Assert.Equal(help, ManRows(Man.Value, manSection));
    }

    [Fact]
    public void Hidden_options_are_in_neither()
    {
        foreach (string hidden in new[] { "--man", "--bash-completion", "--flame-chart-json" })
        {
            Assert.DoesNotContain(hidden, Help.Value, StringComparison.Ordinal);
            Assert.DoesNotContain(Troff(hidden), Man.Value, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Groff_formats_it_without_a_warning()
    {
        ChildProcessResult groff = ChildProcess.Run("groff", ["-man", "-ww", "-z"], PyflameRunner.DefaultTimeout, Man.Value, null);
        Assert.True(groff.ExitCode == 0 && groff.Stderr.Length == 0, groff.Describe());
    }

    [Fact]
    public void Its_name_line_and_title_carry_the_summary_and_version()
    {
        string version = Output("--version").Split(' ')[1].Trim();
        Assert.StartsWith($".TH PYFLAME 1 \"\" \"pyflame {version}\" ", Man.Value, StringComparison.Ordinal);
        Assert.Contains("\n.SH NAME\npyflame \\- a sampling profiler for running Python processes", Man.Value, StringComparison.Ordinal);
    }

    private static string Output(string option)
    {
        ChildProcessResult result = PyflameRunner.Run(option);
        Assert.True(result.ExitCode == 0 && result.Stderr.Length == 0, result.Describe());
        return result.StdoutText;
    }

    /// <summary>"  -p, --pid &lt;PID&gt;   Attach ..." rows under a --help heading; deeper-indented lines continue the text.</summary>
    private static List<(string Label, string Text)> HelpRows(string help, string heading)
    {
        var rows = new List<(string Label, string Text)>();
        foreach (string line in help.Split('\n').SkipWhile(l => l != heading).Skip(1).TakeWhile(l => l.Length > 0))
        {
            Match row = HelpRow().Match(line);
            if (row.Success)
            {
                rows.Add((row.Groups["label"].Value, row.Groups["text"].Value.Trim()));
            }
            else
            {
                rows[^1] = (rows[^1].Label, rows[^1].Text + " " + line.Trim());
            }
        }

        return rows;
    }

    /// <summary>".TP", a label line, text lines; troff escapes and fonts undone, italic values back in &lt;&gt;.</summary>
    private static List<(string Label, string Text)> ManRows(string man, string heading)
    {
        string[] lines = man.Split('\n').SkipWhile(l => l != heading).Skip(1).TakeWhile(l => !l.StartsWith(".SH", StringComparison.Ordinal)).ToArray();
        var rows = new List<(string Label, string Text)>();
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i] == ".TP")
            {
                string label = Plain(ItalicValue().Replace(lines[++i], "<$1>"));
                string text = string.Join(' ', lines.Skip(i + 1).TakeWhile(l => !l.StartsWith('.')).Select(Plain));
                rows.Add((label, text));
            }
        }

        return rows;
    }

    private static string Plain(string troff) =>
        troff.Replace("\\fB", "", StringComparison.Ordinal).Replace("\\fR", "", StringComparison.Ordinal)
            .Replace("\\fI", "", StringComparison.Ordinal).Replace("\\-", "-", StringComparison.Ordinal)
            .Replace("\\&", "", StringComparison.Ordinal).Replace("\\e", "\\", StringComparison.Ordinal);

    private static string Troff(string text) => text.Replace("-", "\\-", StringComparison.Ordinal);

    [GeneratedRegex(@"^  (?<label>\S+(?: \S+)*)(?: {2,}(?<text>.*))?$")]
    private static partial Regex HelpRow();

    [GeneratedRegex(@"\\fI(.*?)\\fR")]
    private static partial Regex ItalicValue();
}
