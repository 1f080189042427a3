using System.Text;

namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>
/// Trace mode without -o shares stdout between the traced program and the profile: the program's
/// lines (brief.py prints READY and "brief: ..." lines) come first, the profile after it exited.
/// This splits them and fails if they interleave.
/// </summary>
internal static class TraceOutput
{
    public static (IReadOnlyList<string> ChildLines, FoldedProfile Profile) Split(ChildProcessResult result)
    {
        string text = result.StdoutText;
        var childLines = new List<string>();
        int offset = 0;
        while (offset < text.Length)
        {
            int end = text.IndexOf('\n', offset);
            string line = end < 0 ? text[offset..] : text[offset..end];
            if (line != "READY" && !line.StartsWith("brief: ", StringComparison.Ordinal))
            {
                break;
            }

            childLines.Add(line);
            offset = end < 0 ? text.Length : end + 1;
        }

        string rest = text[offset..];
        Assert.False(rest.Split('\n').Any(l => l == "READY" || l.StartsWith("brief: ", StringComparison.Ordinal)),
            $"the program's output and the profile are mixed\n{result.Describe()}");
        return (childLines, ProfileAssert.Parse(Encoding.UTF8.GetBytes(rest), result));
    }

    /// <summary>brief.py's stack: &lt;module&gt; → run → burn.</summary>
    public static IReadOnlyList<string> BriefStack(TargetScript brief) =>
        [brief.Frame(ExpectedStacks.Module, "module_call"), brief.Frame("run", "run_call"), brief.Frame("burn", "burn_hot")];
}
