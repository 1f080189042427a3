namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>pyflame run as an unprivileged user (nobody) against root's Python: one line naming the cause and the fix.</summary>
[Collection(EndToEndCollection.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PermissionTests
{
    private const string Nobody = "65534";

    [Theory]
    [InlineData("-p")]
    [InlineData("-d")]
    public void Unprivileged_user_gets_one_line_with_the_cause_and_the_fix(string mode)
    {
        Assert.True(Environment.UserName == "root", "this test runs pyflame as nobody against root's process, so the suite must run as root");
        using TargetProcess target = TargetProcess.Start(PythonInstallations.Get("pyenv-3.11"), "busy.py");
        using WorldReadableBuild build = WorldReadableBuild.Create(); // the checkout may be in a folder nobody cannot enter
        // First prove nobody can run the build at all, so the failure below is about the target.
        ChildProcessResult version = AsNobody(build, "--version");
        Assert.True(version.ExitCode == 0, $"nobody cannot run {build.ExecutablePath} (is its directory readable?)\n{version.Describe()}");

        ChildProcessResult result = mode == "-d" ? AsNobody(build, "-d", "-p", target.PidText) : AsNobody(build, "-p", target.PidText, "-s", "0.2");
        ProfileAssert.CliError(result);
        string line = result.Stderr.Trim();
        Assert.True(line.Contains("uid 0", StringComparison.Ordinal) && line.Contains($"uid {Nobody}", StringComparison.Ordinal),
            $"the message must name the two users\n{result.Describe()}");
        Assert.True(line.Contains("CAP_SYS_PTRACE", StringComparison.Ordinal) && line.Contains("root", StringComparison.Ordinal),
            $"the message must name the missing capability and the fix\n{result.Describe()}");
        target.AssertAliveAndNotStopped();
    }

    private static ChildProcessResult AsNobody(WorldReadableBuild build, params string[] arguments) =>
        ChildProcess.Run("/usr/bin/setpriv", ["--reuid=" + Nobody, "--regid=" + Nobody, "--clear-groups", build.ExecutablePath, .. arguments], PyflameRunner.DefaultTimeout);
}
