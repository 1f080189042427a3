using System.Text;

namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>What a finished helper process produced. Stdout is kept as raw bytes so tests can check encoding.</summary>
internal sealed record ChildProcessResult(string CommandLine, int ExitCode, byte[] Stdout, string Stderr)
{
    public string StdoutText => Encoding.UTF8.GetString(Stdout);

    /// <summary>Everything a failing assertion needs to show.</summary>
    public string Describe() =>
        $"command: {CommandLine}\nexit code: {ExitCode}\n--- stdout ({Stdout.Length} bytes) ---\n{Truncate(StdoutText)}\n--- stderr ---\n{Truncate(Stderr)}";

    private static string Truncate(string text) => text.Length <= 4000 ? text : text[..4000] + "\n...[truncated]";
}
