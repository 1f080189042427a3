using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Pyflame.TestSupport;

/// <summary>
/// A real process a test uses as its target (an interpreter, the embed host, whatever it later execs), started in
/// its own session so that <see cref="Dispose"/> can kill everything it spawned. Its stdout and stderr are captured
/// as they arrive; <see cref="Start"/> returns once it printed its ready marker, <see cref="Run"/> once it finished.
/// </summary>
public sealed class PythonTargetProcess : IDisposable
{
    private const string SetsidPath = "/usr/bin/setsid";

    // The inner shell's $$ is the target's pid: it execs setsid which, not leading a process group (a background job
    // of a non-interactive shell), calls setsid() and execs the program in place. Echoed before that exec, the pid is
    // always the first line of stdout. The outer shell exits at once, so the target is our grandchild.
    private const string GrandchildScript = "/bin/sh -c 'echo $$; exec " + SetsidPath + " \"$0\" \"$@\"' \"$0\" \"$@\" </dev/null &";

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan DisposeTimeout = TimeSpan.FromSeconds(5);

    private readonly Process _started; // the target itself, or (NotOurChild) the shell that started it
    private readonly bool _isChild;
    private readonly Lock _gate = new();
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly StringBuilder _output = new();
    private readonly Task _streamsClosed;
    private bool _disposed;

    private PythonTargetProcess(Process started, int pid, bool isChild, string description)
    {
        _started = started;
        _isChild = isChild;
        Pid = pid;
        Description = description;
        _streamsClosed = Task.WhenAll(Capture(started.StandardOutput, _stdout), Capture(started.StandardError, _stderr));
    }

    public int Pid { get; }

    public string Description { get; }

    /// <summary>stdout and stderr together, in the order they arrived (as a terminal would show them).</summary>
    public string Output => Read(_output);

    public string Stdout => Read(_stdout);

    public string Stderr => Read(_stderr);

    /// <summary>True once the target is gone or a zombie (it has no memory left to read).</summary>
    public bool HasExited => _isChild ? _started.HasExited : ProcStat.TryRead(Pid) is null or { IsGone: true };

    /// <summary>Starts the target and waits for its ready marker; throws, with its stderr, if it never comes.</summary>
    public static PythonTargetProcess Start(TargetLaunch launch)
    {
        ArgumentNullException.ThrowIfNull(launch);
        PythonTargetProcess target = Launch(launch);
        if (launch.ReadyMarker is { } marker)
        {
            target.WaitUntilReady(marker, launch);
        }

        return target;
    }

    /// <summary>Runs the command to completion (no ready marker) and returns its stdout; fails the test on a non-zero exit, kills it on timeout.</summary>
    public static string Run(TargetLaunch launch, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(launch);
        if (launch.NotOurChild)
        {
            throw new ArgumentException("a command run to completion must be our child: only then is its exit code known", nameof(launch));
        }

        using PythonTargetProcess process = Launch(launch);
        if (!process.WaitForExit(timeout) || !process._streamsClosed.Wait(timeout))
        {
            throw new TimeoutException($"{launch.Description} did not finish in {timeout}");
        }

        int exitCode = process._started.ExitCode;
        Assert.True(exitCode == 0, $"{launch.Description} exited with {exitCode}: {process.Stderr}");
        return process.Stdout;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds (true) or <paramref name="timeout"/> passed (false).</summary>
    public static bool Poll(Func<bool> condition, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(condition);
        Stopwatch clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                return false;
            }

            Thread.Sleep(PollInterval);
        }

        return true;
    }

    public bool WaitForOutput(string text, TimeSpan timeout) => Poll(() => Output.Contains(text, StringComparison.Ordinal), timeout);

    public bool WaitForExit(TimeSpan timeout) => _isChild ? _started.WaitForExit(timeout) : Poll(() => HasExited, timeout);

    /// <summary>SIGKILL to the target alone (not its group), as a test that ends it on purpose wants.</summary>
    public void Kill() => _ = NativeSignals.Send(Pid, NativeSignals.SigKill);

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!HasExited)
        {
            NativeSignals.KillGroup(Pid);
            if (_isChild)
            {
                _started.Kill(entireProcessTree: true); // also what left the group
            }
        }

        _ = WaitForExit(DisposeTimeout);
        _ = _streamsClosed.Wait(DisposeTimeout);
        _started.Dispose();
    }

    private static PythonTargetProcess Launch(TargetLaunch launch)
    {
        ProcessStartInfo info = new(launch.NotOurChild ? "/bin/sh" : SetsidPath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        if (launch.NotOurChild)
        {
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add(GrandchildScript);
        }

        foreach (string argument in launch.Command)
        {
            info.ArgumentList.Add(argument);
        }

        if (launch.WithoutInheritedPythonVariables)
        {
            foreach (string name in info.Environment.Keys.Where(k => k.StartsWith("PYTHON", StringComparison.Ordinal)).ToList())
            {
                _ = info.Environment.Remove(name);
            }
        }

        foreach ((string name, string value) in launch.Variables)
        {
            info.Environment[name] = value;
        }

        Process started = Process.Start(info) ?? throw new InvalidOperationException($"{launch.Description}: could not start {info.FileName}");
        started.StandardInput.Close(); // a target that reads stdin sees its end, never waits on us
        if (!launch.NotOurChild)
        {
            return new PythonTargetProcess(started, started.Id, isChild: true, launch.Description);
        }

        string? pidLine = started.StandardOutput.ReadLine();
        if (!int.TryParse(pidLine, NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
        {
            started.Dispose();
            throw new InvalidOperationException($"{launch.Description}: /bin/sh did not report the target's pid (it printed '{pidLine}')");
        }

        return new PythonTargetProcess(started, pid, isChild: false, launch.Description);
    }

    private void WaitUntilReady(string marker, TargetLaunch launch)
    {
        TimeSpan timeout = launch.ReadyTimeout;
        bool settled = Poll(() => HasLine(marker) || _streamsClosed.IsCompleted, timeout);
        if (HasLine(marker))
        {
            // setsid made the target lead its own group; if not, Dispose could not kill what it spawned.
            ProcStat? stat = ProcStat.TryRead(Pid);
            if (stat?.ProcessGroup == Pid)
            {
                if (AfterReady.Settle(Pid, launch) is not { } unsettled)
                {
                    return;
                }

                Dispose();
                throw new InvalidOperationException($"{Description}: printed {marker}, but {unsettled}; stderr: {Stderr}");
            }

            Dispose();
            throw new InvalidOperationException($"{Description}: pid {Pid} is not its own process group leader ({stat})");
        }

        string reason = !settled ? $"no {marker} within {timeout.TotalSeconds} s"
            : WaitForExit(TimeSpan.FromSeconds(1)) ? $"exited{(_isChild ? $" with {_started.ExitCode}" : "")} before printing {marker}"
            : $"closed its output before printing {marker}";
        Dispose();
        string stdout = Stdout;
        throw new InvalidOperationException($"{Description}: {reason}; stderr: {Stderr}" + (stdout.Length > 0 ? $"; stdout: {stdout}" : ""));
    }

    /// <summary>Whether stdout holds <paramref name="line"/> as a whole line.</summary>
    private bool HasLine(string line)
    {
        string stdout = Stdout;
        return stdout.StartsWith(line + "\n", StringComparison.Ordinal) || stdout.Contains("\n" + line + "\n", StringComparison.Ordinal);
    }

    /// <summary>
    /// Reads on a thread of its own, not the thread pool: tests block pool threads (polls, sleeps, other tests running
    /// in parallel), and a starved pool delivered a target's line after the thread that printed it had already exited.
    /// </summary>
    private Task Capture(StreamReader reader, StringBuilder stream) =>
        Task.Factory.StartNew(() => CaptureAll(reader, stream), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void CaptureAll(StreamReader reader, StringBuilder stream)
    {
        char[] buffer = new char[4096];
        try
        {
            int read;
            while ((read = reader.Read(buffer)) > 0)
            {
                lock (_gate)
                {
                    _ = stream.Append(buffer, 0, read);
                    _ = _output.Append(buffer, 0, read);
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // Disposed while a process that escaped the group still held the pipe: what arrived is kept.
        }
    }

    private string Read(StringBuilder stream)
    {
        lock (_gate)
        {
            return stream.ToString();
        }
    }
}
