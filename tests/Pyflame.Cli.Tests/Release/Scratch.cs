namespace Pyflame.Cli.Tests.Release;

/// <summary>Temporary folders for the release tests, removed when the test process exits (never across a mount).</summary>
internal static class Scratch
{
    private static readonly List<string> Created = [];

    static Scratch() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        lock (Created)
        {
            foreach (string directory in Created)
            {
                Remove(directory);
            }
        }
    };

    public static string Directory(string what)
    {
        string path = Path.Combine(Path.GetTempPath(), $"pyflame-release-{what}-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(path);
        lock (Created)
        {
            Created.Add(path);
        }

        return path;
    }

    /// <summary>rm -rf --one-file-system: a root whose /proc is still mounted must not be followed into it.</summary>
    public static void Remove(string path)
    {
        using var rm = System.Diagnostics.Process.Start("rm", ["-rf", "--one-file-system", path]);
        rm.WaitForExit();
    }
}
