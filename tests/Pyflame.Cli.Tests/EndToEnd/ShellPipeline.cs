namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>
/// Runs the pyflame executable under bash with its stdout redirected the way a user's shell would (to /dev/full,
/// closed, into a pipe whose reader quits); the result is pyflame's exit code and stderr, stdout being elsewhere.
/// </summary>
internal static class ShellPipeline
{
    /// <param name="tail">What follows the command in the shell line, e.g. "&gt;/dev/full" or "| head -1 &gt;/dev/null".</param>
    public static ChildProcessResult Run(string tail, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        // "$0" is pyflame; PIPESTATUS[0] is its exit code even when a pipeline follows it.
        string script = $"\"$0\" \"$@\" {tail}; exit ${{PIPESTATUS[0]}}";
        return ChildProcess.Run("/bin/bash", ["-c", script, PyflameRunner.ExecutablePath(), .. arguments], PyflameRunner.DefaultTimeout, stdin: null, environment);
    }
}
