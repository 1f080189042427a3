using System.Diagnostics;

namespace Pyflame.TestSupport;

/// <summary>
/// Runs the real third-party consumers that validate Pyflame's output files: the pinned npm tree in
/// tools/validators (speedscope, @paulirish/trace_engine, ajv, puppeteer-core driving Debian's
/// chromium) and Debian's <c>go tool pprof</c>. tools/validators/setup.sh installs whatever is missing,
/// once per test run. If that fails (no network, no root) the calling test FAILS with the reason: a
/// validator that did not run must never look like a pass.
/// </summary>
internal static class Consumers
{
    private static readonly Lazy<string> s_validators = new(Install, LazyThreadSafetyMode.ExecutionAndPublication);

    // Chromium is heavy on a 2-core machine: run one browser at a time across test classes.
    private static readonly SemaphoreSlim s_browser = new(1, 1);

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>Runs <c>node SCRIPT ARGS</c> in tools/validators and returns its stdout (fails the test on a non-zero exit).</summary>
    public static string Node(string script, params string[] arguments)
    {
        string directory = s_validators.Value;
        bool browser = script is "browser-check.mjs" or "speedscope-check.mjs";
        if (browser)
        {
            s_browser.Wait();
        }

        try
        {
            (int exitCode, string stdout, string stderr) = Run("node", directory, TimeSpan.FromSeconds(90), [script, .. arguments]);
            Assert.True(exitCode == 0, $"node {script} {string.Join(' ', arguments)} exited with {exitCode}: {stderr}{stdout}");
            return stdout;
        }
        finally
        {
            if (browser)
            {
                s_browser.Release();
            }
        }
    }

    /// <summary>Runs <c>go tool pprof ARGS</c>; returns exit code, stdout and stderr.</summary>
    public static (int ExitCode, string Stdout, string Stderr) GoPprof(params string[] arguments)
    {
        _ = s_validators.Value;
        return Run("go", Path.GetTempPath(), TimeSpan.FromSeconds(60), ["tool", "pprof", .. arguments]);
    }

    public static (int ExitCode, string Stdout, string Stderr) Run(string program, string directory, TimeSpan timeout, string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["HOME"] = Environment.GetEnvironmentVariable("HOME") ?? "/root";
        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} {string.Join(' ', arguments)} did not finish within {timeout}");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string Install()
    {
        string directory = Path.Combine(RepositoryRoot, "tools", "validators");
        (int exitCode, string stdout, string stderr) = Run("bash", directory, TimeSpan.FromMinutes(10), [Path.Combine(directory, "setup.sh")]);
        Assert.True(exitCode == 0, $"tools/validators/setup.sh failed ({exitCode}); the consumers cannot run: {stderr}{stdout}");
        return directory;
    }

    private static string FindRepositoryRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Pyflame.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Pyflame.slnx not found above {AppContext.BaseDirectory}");
    }
}
