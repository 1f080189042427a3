using Pyflame.TestSupport;

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
        TargetLaunch launch = new(command, $"{python.Label} {script}");
        return PythonTargetProcess.Run(environment is null ? launch : launch with { Variables = environment }, Timeout);
    }

    /// <summary>Path of a script copied next to the test assembly (see the csproj).</summary>
    public static string ScriptPath(params string[] relative) =>
        Path.Combine([AppContext.BaseDirectory, .. relative]);
}
