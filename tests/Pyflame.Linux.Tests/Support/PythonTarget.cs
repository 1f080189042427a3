using System.Diagnostics;
using System.Globalization;
using Pyflame.Linux.Interop;
using Pyflame.TestSupport;

namespace Pyflame.Linux.Tests.Support;

/// <summary>
/// A real Python process started as a GRANDchild (through a shell that exits at once). It must not be our
/// child: .NET's SIGCHLD handling calls waitpid on its own children and would steal ptrace stop reports.
/// Its stdout/stderr go to a temp file that tests poll.
/// </summary>
internal sealed class PythonTarget : IDisposable
{
    internal const string Python312 = "/root/.pyenv/versions/3.12.1/bin/python";

    private readonly string _outputPath;

    private PythonTarget(int pid, string outputPath)
    {
        Pid = pid;
        _outputPath = outputPath;
    }

    public int Pid { get; }

    public string Output => File.Exists(_outputPath) ? File.ReadAllText(_outputPath) : string.Empty;

    public static PythonTarget Start(string script, string readyMarker = "READY") => Start(Python312, script, readyMarker);

    /// <summary>Starts the tests/pythons.list interpreter named <paramref name="name"/> on <paramref name="script"/> (code for -c).</summary>
    public static PythonTarget StartNamed(string name, string script, string readyMarker) =>
        Start(TestPythons.Get(name).Command("-u", "-c", script), readyMarker);

    /// <summary>Starts <paramref name="interpreter"/> (a python executable) on <paramref name="script"/>.</summary>
    public static PythonTarget Start(string interpreter, string script, string readyMarker) => Start([interpreter, "-u", "-c", script], readyMarker);

    private static PythonTarget Start(IReadOnlyList<string> command, string readyMarker)
    {
        string output = Path.Combine(Path.GetTempPath(), $"pyflame-target-{Guid.NewGuid():N}.out");
        ProcessStartInfo info = new("/bin/sh")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("\"$0\" \"$@\" </dev/null >\"$PYFLAME_OUT\" 2>&1 & echo $!");
        foreach (string argument in command)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["PYFLAME_OUT"] = output;
        using Process shell = Process.Start(info) ?? throw new InvalidOperationException("sh did not start");
        string pidLine = shell.StandardOutput.ReadLine() ?? throw new InvalidOperationException("no pid from sh");
        shell.WaitForExit();
        PythonTarget target = new(int.Parse(pidLine.Trim(), CultureInfo.InvariantCulture), output);
        if (!target.WaitForOutput(readyMarker, TimeSpan.FromSeconds(20)))
        {
            string seen = target.Output;
            target.Dispose();
            throw new InvalidOperationException($"target never printed {readyMarker}; output: {seen}");
        }

        return target;
    }

    public bool WaitForOutput(string text, TimeSpan timeout) => Poll(() => Output.Contains(text, StringComparison.Ordinal), timeout);

    public void Kill()
    {
        _ = Signals.Kill(Pid, Signals.SIGKILL);
    }

    /// <summary>True once the process is gone or a zombie (it has no memory left to read).</summary>
    public bool WaitForExit(TimeSpan timeout) =>
        Poll(() => !ProcFs.TryReadThreadState(Pid, Pid, out char state) || state is 'Z' or 'X', timeout);

    public static bool Poll(Func<bool> condition, TimeSpan timeout)
    {
        Stopwatch clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                return false;
            }

            Thread.Sleep(10);
        }

        return true;
    }

    public void Dispose()
    {
        Kill();
        _ = WaitForExit(TimeSpan.FromSeconds(5));
        try
        {
            File.Delete(_outputPath);
        }
        catch (IOException)
        {
        }
    }
}
