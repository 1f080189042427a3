using System.Text;

namespace Pyflame.Cli.Documentation;

/// <summary>Text into troff (man macros): escapes, and an option label with bold names and italic values.</summary>
internal static class Troff
{
    /// <summary>
    /// Backslashes and hyphens escaped (<c>\-</c> is the ASCII minus a reader can copy into a shell), and a
    /// line that would start with a control character ('.' or ') guarded with <c>\&amp;</c>.
    /// </summary>
    public static string Escape(string text)
    {
        StringBuilder escaped = new(text.Length + 8);
        foreach (string line in text.Split('\n'))
        {
            if (escaped.Length > 0)
            {
                escaped.Append('\n');
            }

            if (line.StartsWith('.') || line.StartsWith('\''))
            {
                escaped.Append("\\&");
            }

            escaped.Append(line.Replace("\\", "\\e", StringComparison.Ordinal).Replace("-", "\\-", StringComparison.Ordinal));
        }

        return escaped.ToString();
    }

    /// <summary>"-p, --pid &lt;PID&gt;" becomes "\fB\-p\fR, \fB\-\-pid\fR \fIPID\fR"; an argument "&lt;PID&gt;" becomes "\fIPID\fR".</summary>
    public static string Label(string label)
    {
        string[] words = label.Split(' ');
        for (int i = 0; i < words.Length; i++)
        {
            string word = words[i];
            string comma = word.EndsWith(',') ? "," : "";
            string bare = word.TrimEnd(',');
            words[i] = bare.StartsWith('<') && bare.EndsWith('>')
                ? $"\\fI{Escape(bare[1..^1])}\\fR{comma}"
                : $"\\fB{Escape(bare)}\\fR{comma}";
        }

        return string.Join(' ', words);
    }
}
