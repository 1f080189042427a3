using System.Text.Json;

namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>
/// A copy of the pyflame build in a fresh folder under the temp directory that every user can read, for tests
/// that run pyflame as another user: the build itself lies in the checkout, which may sit in a folder only its
/// owner can enter (CI clones into a folder of mode 700). The files copied are the apphost, its two .json files
/// and the assemblies pyflame.deps.json names, i.e. exactly what the build runs.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class WorldReadableBuild : IDisposable
{
    private const UnixFileMode Readable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode Runnable = Readable | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private readonly string _folder;

    private WorldReadableBuild(string folder, string executable)
    {
        _folder = folder;
        ExecutablePath = executable;
    }

    /// <summary>The copied apphost (or PYFLAME_E2E_CLI, which is used as it is).</summary>
    public string ExecutablePath { get; }

    public static WorldReadableBuild Create()
    {
        if (Environment.GetEnvironmentVariable("PYFLAME_E2E_CLI") is { Length: > 0 } cli)
        {
            return new WorldReadableBuild(string.Empty, cli);
        }

        string source = Path.GetDirectoryName(PyflameRunner.ExecutablePath())!;
        string folder = Path.Combine(Path.GetTempPath(), $"pyflame-e2e-build-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder, Runnable);
        foreach (string file in FilesToCopy(source))
        {
            string target = Path.Combine(folder, file);
            File.Copy(Path.Combine(source, file), target);
            File.SetUnixFileMode(target, file == "pyflame" ? Runnable : Readable);
        }

        return new WorldReadableBuild(folder, Path.Combine(folder, "pyflame"));
    }

    public void Dispose()
    {
        if (_folder.Length > 0)
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static IEnumerable<string> FilesToCopy(string source)
    {
        yield return "pyflame";
        yield return "pyflame.deps.json";
        yield return "pyflame.runtimeconfig.json";
        using JsonDocument deps = JsonDocument.Parse(File.ReadAllText(Path.Combine(source, "pyflame.deps.json")));
        foreach (JsonProperty target in deps.RootElement.GetProperty("targets").EnumerateObject())
        {
            foreach (JsonProperty library in target.Value.EnumerateObject())
            {
                if (library.Value.TryGetProperty("runtime", out JsonElement runtime))
                {
                    foreach (JsonProperty assembly in runtime.EnumerateObject())
                    {
                        yield return Path.GetFileName(assembly.Name);
                    }
                }
            }
        }
    }
}
