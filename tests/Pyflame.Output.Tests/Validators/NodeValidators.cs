using System.Diagnostics;

namespace Pyflame.Output.Tests.Validators;

/// <summary>
/// Runs the real third-party consumers pinned in tools/validators (package.json + package-lock.json)
/// with the machine's node. The packages are installed once with <c>npm ci</c> into
/// tools/validators/node_modules (git-ignored). If node/npm or the registry is unavailable the
/// calling test FAILS with the reason: a validator that did not run must not look like a pass.
/// </summary>
internal static class NodeValidators
{
    private static readonly Lazy<string> InstalledDirectory = new(Install, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Runs <c>node SCRIPT ARGS</c> in tools/validators and returns its stdout.</summary>
    public static string RunScript(string script, params string[] arguments)
    {
        string directory = InstalledDirectory.Value;
        (int exitCode, string stdout, string stderr) = Run("node", directory, TimeSpan.FromSeconds(60), [script, .. arguments]);
        Assert.True(exitCode == 0, $"node {script} exited with {exitCode}: {stderr}");
        return stdout;
    }

    private static string Install()
    {
        string directory = Path.Combine(FindRepositoryRoot(), "tools", "validators");
        if (!Directory.Exists(Path.Combine(directory, "node_modules", "@paulirish", "trace_engine")))
        {
            (int exitCode, _, string stderr) = Run(
                "npm", directory, TimeSpan.FromMinutes(5), ["ci", "--no-audit", "--no-fund"]);
            Assert.True(exitCode == 0, $"npm ci in {directory} failed ({exitCode}); the validator cannot run: {stderr}");
        }

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

    private static (int ExitCode, string Stdout, string Stderr) Run(
        string program, string directory, TimeSpan timeout, string[] arguments)
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

        using Process process = Process.Start(start)
            ?? throw new InvalidOperationException($"could not start {program}");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} {string.Join(' ', arguments)} did not finish within {timeout}");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
