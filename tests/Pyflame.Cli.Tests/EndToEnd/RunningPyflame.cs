using System.Diagnostics;
using System.Text;

namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>
/// The pyflame executable running in the background (the process IS pyflame, so signals reach it and
/// nothing else), its stdout bytes and stderr collected as they arrive. Dispose kills it if still running.
/// </summary>
internal sealed class RunningPyflame : IDisposable
{
    private readonly Process _process;
    private readonly MemoryStream _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Task _copyStdout;
    private readonly string _commandLine;

    private RunningPyflame(Process process, string commandLine)
    {
        _process = process;
        _commandLine = commandLine;
        _copyStdout = CopyStdoutAsync();
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_stderr)
                {
                    _stderr.Append(e.Data).Append('\n');
                }
            }
        };
        _process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public static RunningPyflame Start(IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        ProcessStartInfo startInfo = ChildProcess.StartInfo(PyflameRunner.ExecutablePath(), arguments, environment);
        Process process = Process.Start(startInfo) ?? throw new InvalidOperationException("could not start pyflame");
        process.StandardInput.Close();
        return new RunningPyflame(process, startInfo.FileName + " " + string.Join(' ', arguments));
    }

    public string StdoutText()
    {
        lock (_stdout)
        {
            return Encoding.UTF8.GetString(_stdout.ToArray());
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds (polling); fails with everything seen so far if it never does.</summary>
    public void WaitUntil(Func<bool> condition, string what, TimeSpan timeout)
    {
        if (!SpinWait.SpinUntil(() => condition() || _process.HasExited, timeout) || !condition())
        {
            Assert.Fail($"pyflame: {what} did not happen within {timeout.TotalSeconds} s\n{Snapshot()}");
        }
    }

    public void Signal(int signal) => Assert.True(NativeSignals.Send(Pid, signal), $"could not send signal {signal} to pyflame {Pid}");

    /// <summary>Waits for pyflame to exit; fails (and kills it) if it does not within <paramref name="timeout"/>.</summary>
    public ChildProcessResult WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            string snapshot = Snapshot();
            _process.Kill(entireProcessTree: true);
            Assert.Fail($"pyflame did not exit within {timeout.TotalSeconds} s\n{snapshot}");
        }

        _process.WaitForExit();
        _copyStdout.Wait(timeout);
        byte[] stdout;
        lock (_stdout)
        {
            stdout = _stdout.ToArray();
        }

        return new ChildProcessResult(_commandLine, _process.ExitCode, stdout, Stderr());
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process.Dispose();
    }

    private string Stderr()
    {
        lock (_stderr)
        {
            return _stderr.ToString();
        }
    }

    private string Snapshot() => new ChildProcessResult(_commandLine, _process.HasExited ? _process.ExitCode : -1, Encoding.UTF8.GetBytes(StdoutText()), Stderr()).Describe();

    private async Task CopyStdoutAsync()
    {
        byte[] buffer = new byte[16 * 1024];
        Stream stream = _process.StandardOutput.BaseStream;
        int read;
        while ((read = await stream.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            lock (_stdout)
            {
                _stdout.Write(buffer, 0, read);
            }
        }
    }
}
