using System.Globalization;

namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>
/// A signal that arrives while pyflame starts (before sampling) once killed it without a word. Its handlers are
/// now made first thing in Main; a signal sent as soon as they exist must end the run cleanly: with the profile
/// when a sample was taken, else with one line saying nothing was sampled, and the target never left stopped.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class EarlySignalTests
{
    private const int SigHup = 1;

    public static TheoryData<int> Signals() => [2, 15, 1];

    [Theory]
    [MemberData(nameof(Signals))]
    public void A_signal_during_start_up_ends_the_run_cleanly(int signal)
    {
        using TargetProcess target = TargetProcess.Start(PythonInstallations.Get("pyenv-3.11"), "busy.py");
        string file = Path.Combine(Path.GetTempPath(), $"pyflame-e2e-{Guid.NewGuid():N}.folded");
        try
        {
            using RunningPyflame pyflame = RunningPyflame.Start(null, "--blocking", "-s", "30", "-o", file, "-p", target.PidText);
            // .NET catches none of SIGHUP by itself: once it is caught, pyflame's own handlers exist.
            pyflame.WaitUntil(() => Catches(pyflame.Pid, SigHup), "pyflame's signal handlers", TimeSpan.FromSeconds(60));
            pyflame.Signal(signal);
            ChildProcessResult result = pyflame.WaitForExit(TimeSpan.FromSeconds(30));

            ProfileAssert.NoStackTrace(result);
            if (result.ExitCode == 0)
            {
                // The signal landed after sampling began: a profile with at least one sample.
                Assert.True(ProfileAssert.Parse(File.ReadAllBytes(file), result).TotalSamples > 0, $"exit 0 must come with samples\n{result.Describe()}");
            }
            else
            {
                Assert.True(result.ExitCode == 1, $"signal {signal} before sampling must exit 1\n{result.Describe()}");
                string[] lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                Assert.True(lines.Length == 1 && lines[0].Contains("nothing was sampled", StringComparison.Ordinal), $"expected one line saying nothing was sampled\n{result.Describe()}");
            }

            Tracee.AssertReleased(target.Pid, $"signal {signal} at start-up");
            target.AssertAliveAndNotStopped();
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>
    /// A background job of a script (`pyflame ... &amp;` in sh, nohup-like wrappers) starts with SIGINT ignored. pyflame
    /// keeps it ignored, as the shell asked (the runtime leaves an inherited SIG_IGN alone); SIGTERM still ends the
    /// run the usual way (README, "Ending early").
    /// </summary>
    [Fact]
    public void Sigint_inherited_as_ignored_stays_ignored_and_sigterm_still_ends_the_run()
    {
        using TargetProcess target = TargetProcess.Start(PythonInstallations.Get("pyenv-3.11"), "busy.py");
        // Waits for pyflame's handlers (SigCgt has SIGHUP, bit 0), sends SIGINT, and a second later SIGTERM.
        const string script = """
            trap '' INT
            "$0" "$@" & pf=$!
            until [ -r /proc/$pf/status ] && (( 0x$(awk '/^SigCgt:/ { print $2 }' /proc/$pf/status) & 1 )); do sleep 0.05; done
            kill -INT $pf; sleep 1
            kill -0 $pf 2>/dev/null && echo "alive after SIGINT" >&2
            kill -TERM $pf; wait $pf
            """;
        ChildProcessResult result = ChildProcess.Run("/bin/bash", ["-c", script, PyflameRunner.ExecutablePath(), "-s", "600", "-p", target.PidText], PyflameRunner.DefaultTimeout, stdin: null, null);

        ProfileAssert.NoStackTrace(result);
        Assert.Contains("alive after SIGINT", result.Stderr, StringComparison.Ordinal);
        if (result.ExitCode == 0)
        {
            Assert.True(ProfileAssert.Parse(result.Stdout, result).TotalSamples > 0, $"exit 0 must come with samples\n{result.Describe()}");
        }
        else
        {
            Assert.True(result.ExitCode == 1 && result.Stderr.Contains("nothing was sampled", StringComparison.Ordinal), result.Describe());
        }

        Tracee.AssertReleased(target.Pid, "SIGTERM after an ignored SIGINT");
        target.AssertAliveAndNotStopped();
    }

    /// <summary>Whether /proc says the process has a handler for <paramref name="signal"/> (SigCgt: bit n-1 for signal n).</summary>
    private static bool Catches(int pid, int signal)
    {
        try
        {
            string line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("SigCgt:", StringComparison.Ordinal));
            ulong mask = ulong.Parse(line["SigCgt:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            return (mask & (1UL << (signal - 1))) != 0;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
