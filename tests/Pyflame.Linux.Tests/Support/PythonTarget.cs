using Pyflame.TestSupport;

namespace Pyflame.Linux.Tests.Support;

/// <summary>
/// A real Python process (<c>python -u -c SCRIPT</c>) started through <see cref="PythonTargetProcess"/> as a
/// GRANDchild: these tests ptrace it from this process, and .NET's SIGCHLD handling calls waitpid on its own
/// children and would steal the ptrace stop reports. <see cref="Output"/> is its stdout and stderr so far.
/// </summary>
internal sealed class PythonTarget : IDisposable
{
    internal const string Python312 = "/root/.pyenv/versions/3.12.1/bin/python";

    private readonly PythonTargetProcess _process;

    private PythonTarget(PythonTargetProcess process) => _process = process;

    public int Pid => _process.Pid;

    public string Output => _process.Output;

    public static PythonTarget Start(string script, string readyMarker = "READY") => Start(Python312, script, readyMarker);

    /// <summary>Starts the tests/pythons.list interpreter named <paramref name="name"/> on <paramref name="script"/> (code for -c).</summary>
    public static PythonTarget StartNamed(string name, string script, string readyMarker) =>
        Start(TestPythons.Get(name).Command("-u", "-c", script), readyMarker);

    /// <summary>Starts <paramref name="interpreter"/> (a python executable) on <paramref name="script"/>.</summary>
    public static PythonTarget Start(string interpreter, string script, string readyMarker) => Start([interpreter, "-u", "-c", script], readyMarker);

    private static PythonTarget Start(IReadOnlyList<string> command, string readyMarker)
    {
        string described = $"{string.Join(' ', command.TakeWhile(argument => argument != "-c"))} -c SCRIPT";
        return new(PythonTargetProcess.Start(new TargetLaunch(command, described) { ReadyMarker = readyMarker, NotOurChild = true }));
    }

    public bool WaitForOutput(string text, TimeSpan timeout) => _process.WaitForOutput(text, timeout);

    public void Kill() => _process.Kill();

    /// <summary>True once the process is gone or a zombie (it has no memory left to read).</summary>
    public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

    public static bool Poll(Func<bool> condition, TimeSpan timeout) => PythonTargetProcess.Poll(condition, timeout);

    public void Dispose() => _process.Dispose();
}
