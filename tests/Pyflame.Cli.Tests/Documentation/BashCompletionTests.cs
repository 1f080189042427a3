using Pyflame.Cli.Tests.EndToEnd;

namespace Pyflame.Cli.Tests.Documentation;

/// <summary>The bash completion <c>pyflame --bash-completion</c> prints, sourced into a real bash and asked to complete.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class BashCompletionTests
{
    private static readonly Lazy<string> Script = new(() =>
    {
        string path = Path.Combine(Path.GetTempPath(), $"pyflame-completion-{Guid.NewGuid():N}.bash");
        ChildProcessResult result = PyflameRunner.Run("--bash-completion");
        Assert.True(result.ExitCode == 0 && result.Stderr.Length == 0, result.Describe());
        File.WriteAllBytes(path, result.Stdout);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => File.Delete(path);
        return path;
    });

    [Theory]
    [InlineData("--form", "--format")]
    [InlineData("--thr", "--threads")]
    [InlineData("--flame", "--flamechart")]
    [InlineData("-x", "-x")]
    [InlineData("--format s", "svg speedscope")]
    [InlineData("--format chrome", "chrome-trace")]
    [InlineData("--man", "")]
    public void Completes_options_and_their_values(string line, string expected) => Assert.Equal(expected, Complete(line));

    [Fact]
    public void Completes_a_pid_with_the_running_python_processes()
    {
        using TargetProcess target = TargetProcess.Start(PythonInstallations.Get("pyenv-3.11"), "busy.py");
        Assert.Contains(target.PidText, Complete("-p ").Split(' '));
    }

    [Fact]
    public void Completes_the_command_after_trace_with_commands()
    {
        Assert.Contains("python3", Complete("-t pytho").Split(' '));
    }

    /// <summary>COMPREPLY, space-separated, for the words after "pyflame" (a trailing space starts a new, empty word).</summary>
    private static string Complete(string line)
    {
        string words = string.Join(' ', line.Split(' ').Select(w => $"'{w}'"));
        string bash = $"source '{Script.Value}'; COMP_WORDS=(pyflame {words}); COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1)); _pyflame; echo \"${{COMPREPLY[*]}}\"";
        ChildProcessResult result = ChildProcess.Run("/bin/bash", ["-c", bash], PyflameRunner.DefaultTimeout);
        Assert.True(result.ExitCode == 0, result.Describe());
        return result.StdoutText.TrimEnd('\n');
    }
}
