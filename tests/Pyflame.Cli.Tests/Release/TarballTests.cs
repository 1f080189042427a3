using Pyflame.Cli.Tests.EndToEnd;

namespace Pyflame.Cli.Tests.Release;

/// <summary>The release tarball, unpacked as a user would, on a machine without .NET.</summary>
[Collection(EndToEndCollection.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class TarballTests
{
    private static readonly Lazy<string> Unpacked = new(Unpack);

    private static string Folder => Unpacked.Value;

    private static string Executable => Path.Combine(Folder, "pyflame");

    [Fact]
    public void Holds_the_executable_the_converter_the_man_page_the_readme_and_the_license()
    {
        Assert.Equal(["LICENSE", "README.md", "flame-chart-json", "pyflame", "pyflame.1"],
            Directory.GetFileSystemEntries(Folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (string executable in new[] { "pyflame", "flame-chart-json" })
        {
            Assert.True(File.GetUnixFileMode(Path.Combine(Folder, executable)).HasFlag(UnixFileMode.OtherExecute), $"{executable} is not executable");
        }
    }

    [Theory]
    [MemberData(nameof(PythonInstallations.Representative), MemberType = typeof(PythonInstallations))]
    public void Its_executable_profiles_a_live_python_with_no_dotnet_anywhere(string interpreter)
    {
        using TargetProcess target = TargetProcess.Start(PythonInstallations.Get(interpreter), "busy.py");
        ChildProcessResult result = Isolated.Run(Executable, ["-s", "1", "-p", target.PidText]);
        ProfileAssert.Dominated(ProfileAssert.Succeeded(result), ExpectedStacks.Busy(target.Script), result);
        target.AssertAliveAndNotStopped();
    }

    [Fact]
    public void Its_flame_chart_json_runs_the_pyflame_beside_it()
    {
        using TargetProcess target = TargetProcess.Start(PythonInstallations.Get("pyenv-3.11"), "busy.py");
        ChildProcessResult timestamped = Isolated.Run(Executable, ["-T", "-s", "0.3", "-p", target.PidText]);
        Assert.True(timestamped.ExitCode == 0 && timestamped.Stdout.Length > 0, timestamped.Describe());

        // PATH has the coreutils the script may use, but no pyflame: it must find the one beside it.
        ChildProcessResult converted = Isolated.Run(Path.Combine(Folder, "flame-chart-json"), [], timestamped.StdoutText, "/usr/bin:/bin");
        ChildProcessResult reference = PyflameRunner.Run(new PyflameRunOptions { Stdin = timestamped.StdoutText }, "--flame-chart-json");
        Assert.True(converted.ExitCode == 0, converted.Describe());
        Assert.True(reference.ExitCode == 0, reference.Describe());
        Assert.Equal(reference.StdoutText, converted.StdoutText);
        Assert.Contains($"\"functionName\":\"inner\"", converted.StdoutText, StringComparison.Ordinal);
    }

    [Fact]
    public void Its_man_page_and_version_are_those_of_its_executable()
    {
        ChildProcessResult version = Isolated.Run(Executable, ["--version"]);
        Assert.True(version.ExitCode == 0, version.Describe());
        Assert.StartsWith($"pyflame {ReleaseArtefacts.Instance.Version}", version.StdoutText, StringComparison.Ordinal);

        ChildProcessResult man = Isolated.Run(Executable, ["--man"]);
        Assert.True(man.ExitCode == 0, man.Describe());
        Assert.StartsWith(".TH PYFLAME 1 ", man.StdoutText, StringComparison.Ordinal);
        Assert.Equal(man.StdoutText, File.ReadAllText(Path.Combine(Folder, "pyflame.1")));
    }

    private static string Unpack()
    {
        string into = Scratch.Directory("tarball");
        ChildProcessResult tar = ChildProcess.Run("tar", ["-xzf", ReleaseArtefacts.Instance.Tarball, "-C", into], Isolated.Timeout);
        Assert.True(tar.ExitCode == 0, tar.Describe());
        string folder = Path.Combine(into, $"pyflame-{ReleaseArtefacts.Instance.Version}-linux-x86_64");
        Assert.True(Directory.Exists(folder), $"the tarball has no {Path.GetFileName(folder)}/ folder");
        return folder;
    }
}
