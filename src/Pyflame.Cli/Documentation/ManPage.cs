using System.CommandLine;
using System.Text;

namespace Pyflame.Cli.Documentation;

/// <summary>
/// pyflame(1) in troff (man macros), written from the rows --help prints (<see cref="HelpRows"/>: each visible option and
/// argument labelled by System.CommandLine's own help code, with its description), so the man page and --help cannot drift.
/// tools/release/build packages the output of <c>pyflame --man</c>.
/// </summary>
internal static class ManPage
{
    public static string Render(RootCommand root, string version)
    {
        HelpRows rows = HelpRows.Of(root);
        StringBuilder page = new();
        page.Append(".TH PYFLAME 1 \"\" \"pyflame ").Append(Troff.Escape(version)).Append("\" \"User Commands\"\n");
        page.Append(".SH NAME\n");
        page.Append("pyflame \\- ").Append(Troff.Escape(Summary(root))).Append('\n');
        page.Append(".SH SYNOPSIS\n");
        page.Append(".B pyflame\n[\\fIoptions\\fR] \\fB\\-p\\fR \\fIPID\\fR\n.br\n");
        page.Append(".B pyflame\n[\\fIoptions\\fR] \\fB\\-t\\fR \\fICOMMAND\\fR [\\fIARGS\\fR...]\n");
        page.Append(".SH DESCRIPTION\n");
        // The root description less its first line (NAME above) and its usage line (SYNOPSIS above), filled.
        foreach (string line in (root.Description ?? "").Split('\n').Skip(1).Where(l => !l.StartsWith("Usage:", StringComparison.Ordinal)))
        {
            page.Append(Troff.Escape(line)).Append('\n');
        }

        page.Append(".SH OPTIONS\n");
        AppendRows(page, rows.Options);
        page.Append(".SH ARGUMENTS\n");
        AppendRows(page, rows.Arguments);
        page.Append(ExitStatus);
        page.Append(Examples);
        page.Append(".SH SEE ALSO\n\\fBflame\\-chart\\-json\\fR, installed beside pyflame: turns \\fB\\-T\\fR output on stdin into a Chrome .cpuprofile. ");
        page.Append("\\fBflamegraph.pl\\fR (github.com/brendangregg/FlameGraph) draws folded output.\n");
        return page.ToString();
    }

    /// <summary>The first line of the root description, without its "pyflame: " prefix.</summary>
    private static string Summary(RootCommand root)
    {
        string first = (root.Description ?? "").Split('\n')[0];
        return first.StartsWith("pyflame: ", StringComparison.Ordinal) ? first["pyflame: ".Length..] : first;
    }

    private static void AppendRows(StringBuilder page, IReadOnlyList<HelpRow> rows)
    {
        foreach (HelpRow row in rows)
        {
            page.Append(".TP\n").Append(Troff.Label(row.Label)).Append('\n');
            page.Append(Troff.Escape(row.Description)).Append('\n');
        }
    }

    private const string ExitStatus = """
        .SH EXIT STATUS
        .TP
        .B 0
        Success (also when SIGINT, SIGTERM or SIGHUP ended sampling early: what was sampled is written).
        .TP
        .B 1
        The target could not be profiled (no such process, not Python, no permission).
        .TP
        .B 2
        Usage error.
        .TP
        .B 70
        An internal error (a bug in pyflame: please report it with the command you ran).
        .TP
        .B 127
        Trace mode: the command was not found.
        .PP
        In trace mode pyflame exits with the command's own status.

        """;

    private const string Examples = """
        .SH EXAMPLES
        Profile PID 12345 for one second and draw a flame graph:
        .PP
        .RS
        pyflame \-p 12345 | flamegraph.pl > profile.svg
        .RE
        .PP
        Profile a test suite from start to finish into an interactive flame graph:
        .PP
        .RS
        pyflame \-o tests.svg \-t python3 \-m pytest tests/
        .RE
        .PP
        What is every thread doing right now (a hung process)?
        .PP
        .RS
        pyflame \-d \-p 12345
        .RE

        """;
}
