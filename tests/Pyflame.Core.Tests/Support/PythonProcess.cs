using System.Diagnostics;

namespace Pyflame.Core.Tests.Support;

/// <summary>Runs a real interpreter with a helper script and captures its output.</summary>
public static class PythonProcess
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    /// <summary>Runs <c>python -E script args...</c>; fails the test on a non-zero exit or timeout.</summary>
    public static string Run(InstalledPython python, string script, IReadOnlyList<string>? arguments = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        // -E: ignore PYTHON* variables of the test environment.
        IReadOnlyList<string> command = python.Python.Command(["-E", python.Python.Stage(script), .. arguments ?? []]);
        var startInfo = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in command.Skip(1))
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        using Process process = Process.Start(startInfo) ?? throw new InvalidOperationException($"could not start {python.Label}");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{python.Label} {script} did not finish in {Timeout}");
        }

        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{python.Label} {script} exited with {process.ExitCode}: {stderr.Result}");
        return stdout.Result;
    }

    /// <summary>Path of a script copied next to the test assembly (see the csproj).</summary>
    public static string ScriptPath(params string[] relative) =>
        Path.Combine([AppContext.BaseDirectory, .. relative]);
}
