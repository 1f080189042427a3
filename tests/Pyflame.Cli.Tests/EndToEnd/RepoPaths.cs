namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>Locates shared test data in the repository the test binaries were built from.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The repository root (where Pyflame.slnx is).</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>Absolute path of tests/targets (the Python target scripts and embed_host.c).</summary>
    public static string TargetsDirectory => Path.Combine(Root, "tests", "targets");

    public static string Target(string fileName) => Path.Combine(TargetsDirectory, fileName);

    // Walk up from bin/<config>/<tfm>/ to the directory holding the solution file, so the tests
    // work from any worktree without configuration.
    private static string FindRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Pyflame.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Pyflame.slnx above {AppContext.BaseDirectory}");
    }
}
