namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>
/// Whether pyflame pauses the target, seen from outside: a paused (blocking) run traces the target's threads
/// (TracerPid), a non-blocking one never does. By default every version is paused (real code read without
/// pausing failed more than 0.5 % of samples); --blocking and --nonblocking force either. The stack is exact either way.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class SamplingModeTests
{
    private const string Script = "busy.py";

    [Theory]
    [MemberData(nameof(PythonInstallations.Present), MemberType = typeof(PythonInstallations))]
    public void By_default_every_version_is_paused(string interpreter) =>
        AssertMode(PythonInstallations.Get(interpreter), expectPaused: true);

    [Theory]
    [MemberData(nameof(PythonInstallations.Representative), MemberType = typeof(PythonInstallations))]
    public void Blocking_pauses_and_nonblocking_does_not_on_any_version(string interpreter)
    {
        PythonInstallation python = PythonInstallations.Get(interpreter);

        AssertMode(python, expectPaused: true, "--blocking");
        AssertMode(python, expectPaused: false, "--nonblocking");
    }

    private static void AssertMode(PythonInstallation python, bool expectPaused, params string[] mode)
    {
        using TargetProcess target = TargetProcess.Start(python, Script);
        string file = Path.Combine(Path.GetTempPath(), $"pyflame-e2e-{Guid.NewGuid():N}.folded");
        try
        {
            using RunningPyflame pyflame = RunningPyflame.Start(null, [.. mode, "-s", "1.5", "-r", "0.002", "-o", file, "-p", target.PidText]);
            bool traced = false;
            while (!pyflame.HasExited)
            {
                traced |= Tracee.TracerPid(target.Pid) > 0;
                Thread.Sleep(10);
            }

            ChildProcessResult result = pyflame.WaitForExit(TimeSpan.FromSeconds(30));
            FoldedProfile profile = ProfileAssert.Parse(File.ReadAllBytes(file), result);
            Assert.True(result.ExitCode == 0, result.Describe());
            Assert.True(traced == expectPaused,
                $"{python.Name} {string.Join(' ', mode)}: the target was {(traced ? "" : "never ")}traced, expected it {(expectPaused ? "paused" : "untouched")}\n{result.Describe()}");
            ProfileAssert.Dominated(profile, ExpectedStacks.Busy(target.Script), result);
            target.AssertAliveAndNotStopped();
        }
        finally
        {
            File.Delete(file);
        }
    }
}
