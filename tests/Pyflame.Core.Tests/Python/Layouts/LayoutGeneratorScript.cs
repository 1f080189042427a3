using System.Diagnostics;

namespace Pyflame.Core.Tests.Python.Layouts;

/// <summary>Locates and runs tools/layoutgen/generate.sh from the test's build output directory.</summary>
internal static class LayoutGeneratorScript
{
    public static string RepositoryRoot
    {
        get
        {
            DirectoryInfo? directory = new(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Pyflame.slnx")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException(
                $"no Pyflame.slnx above {AppContext.BaseDirectory}");
        }
    }

    public static string GeneratedFile =>
        Path.Combine(RepositoryRoot, "src", "Pyflame.Core", "Python", "Layouts", "GeneratedLayouts.g.cs");

    /// <summary>Runs the script with <paramref name="arguments"/>; returns exit code and both outputs.</summary>
    public static (int ExitCode, string Output) Run(params string[] arguments)
    {
        ProcessStartInfo start = new("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot,
        };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot, "tools", "layoutgen", "generate.sh"));
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("tools/layoutgen/generate.sh did not finish within 3 minutes");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
