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

    public static ChildProcessResult Run(TimeSpan timeout, params string[] arguments) => Run(new PyflameRunOptions { Timeout = timeout }, arguments);

    /// <summary>Runs the CLI with stdin text and extra environment variables (trace mode passes both on to the command).</summary>
    public static ChildProcessResult Run(PyflameRunOptions options, params string[] arguments)
    {
        if (Environment.GetEnvironmentVariable("PYFLAME_E2E_CLI") is { Length: > 0 } cli)
        {
            return ChildProcess.Run(cli, arguments, options.Timeout, options.Stdin, options.Environment);
        }

        Assert.True(File.Exists(DllPath), $"{DllPath} is missing: the test project must reference src/Pyflame.Cli");
        return ChildProcess.Run(DotnetHost(), [DllPath, .. arguments], options.Timeout, options.Stdin, options.Environment);
    }

    /// <summary>
    /// The CLI as one executable file, for tests whose process must BE pyflame (signals, SIGKILL, another
    /// user): the apphost built next to pyflame.dll, or PYFLAME_E2E_CLI when set.
    /// </summary>
    public static string ExecutablePath()
    {
        if (Environment.GetEnvironmentVariable("PYFLAME_E2E_CLI") is { Length: > 0 } cli)
        {
            return cli;
        }

        string apphost = Path.Combine(AppContext.BaseDirectory, "pyflame");
        Assert.True(File.Exists(apphost), $"{apphost} (the pyflame apphost) is missing");
        return apphost;
    }

    // The SDK sets DOTNET_HOST_PATH for test runs; use the same host that runs the tests.
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
