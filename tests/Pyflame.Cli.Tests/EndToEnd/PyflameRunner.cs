namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>
/// Runs the real CLI as a separate process, <c>dotnet pyflame.dll ARGS</c>. The test project
/// references src/Pyflame.Cli, so pyflame.dll is built next to the test assembly.
/// Set PYFLAME_E2E_CLI to an executable to run the same suite against it instead (a published
/// single-file/AOT build, or another Pyflame implementation).
/// </summary>
internal static class PyflameRunner
{
    /// <summary>Generous: a run profiles for at most ~1 s, the rest is .NET start-up on a busy 2-core box.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    public static string DllPath => Path.Combine(AppContext.BaseDirectory, "pyflame.dll");

    public static ChildProcessResult Run(params string[] arguments) => Run(DefaultTimeout, arguments);

    public static ChildProcessResult Run(TimeSpan timeout, params string[] arguments)
    {
        if (Environment.GetEnvironmentVariable("PYFLAME_E2E_CLI") is { Length: > 0 } cli)
        {
            return ChildProcess.Run(cli, arguments, timeout);
        }

        Assert.True(File.Exists(DllPath), $"{DllPath} is missing: the test project must reference src/Pyflame.Cli");
        return ChildProcess.Run(DotnetHost(), [DllPath, .. arguments], timeout);
    }

    // The SDK sets DOTNET_HOST_PATH for test runs; use the same host that runs the tests.
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
