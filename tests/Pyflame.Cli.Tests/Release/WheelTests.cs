using System.IO.Compression;
using System.Security.Cryptography;
using Pyflame.Cli.Tests.EndToEnd;

namespace Pyflame.Cli.Tests.Release;

/// <summary>The release wheel: well-formed, and installed by pip (no index) into fresh virtual environments.</summary>
[Collection(EndToEndCollection.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class WheelTests
{
    private static readonly TimeSpan PipTimeout = TimeSpan.FromMinutes(5);

    public static TheoryData<string> Interpreters() => ["pyenv-3.8", "pyenv-3.13"];

    [Fact]
    public void Every_file_has_its_sha256_and_size_in_RECORD_and_the_tag_is_manylinux_2_34()
    {
        using ZipArchive wheel = ZipFile.OpenRead(ReleaseArtefacts.Instance.Wheel);
        string info = $"pyflame_profiler-{ReleaseArtefacts.Instance.Version}.dist-info";
        string[] record = ReadText(wheel.GetEntry($"{info}/RECORD")!).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(wheel.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal), record.Select(r => r.Split(',')[0]).Order(StringComparer.Ordinal));
        foreach (string line in record.Where(r => !r.StartsWith($"{info}/RECORD,", StringComparison.Ordinal)))
        {
            string[] fields = line.Split(',');
            using Stream stream = wheel.GetEntry(fields[0])!.Open();
            using var content = new MemoryStream();
            stream.CopyTo(content);
            string hash = Convert.ToBase64String(SHA256.HashData(content.ToArray())).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            Assert.Equal($"{fields[0]},sha256={hash},{content.Length}", line);
        }

        Assert.Contains("Tag: py3-none-manylinux_2_34_x86_64\n", ReadText(wheel.GetEntry($"{info}/WHEEL")!), StringComparison.Ordinal);
        Assert.Contains("\nName: pyflame-profiler\n", ReadText(wheel.GetEntry($"{info}/METADATA")!), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Interpreters))]
    public void Pip_installs_pyflame_into_the_venvs_bin_and_it_profiles_the_venvs_python(string interpreter)
    {
        PythonInstallation python = PythonInstallations.Get(interpreter);
        Assert.True(python.IsPresent, $"{python.Path} is missing");
        string venv = Path.Combine(Scratch.Directory("venv"), "venv");
        Succeeds(ChildProcess.Run(python.Path, ["-m", "venv", venv], PipTimeout));
        Succeeds(ChildProcess.Run($"{venv}/bin/python", ["-m", "pip", "install", "--no-index", "--disable-pip-version-check", ReleaseArtefacts.Instance.Wheel], PipTimeout));
        Assert.True(File.GetUnixFileMode($"{venv}/bin/pyflame").HasFlag(UnixFileMode.UserExecute), "venv/bin/pyflame is not executable");
        Assert.True(File.GetUnixFileMode($"{venv}/bin/flame-chart-json").HasFlag(UnixFileMode.UserExecute), "venv/bin/flame-chart-json is not executable");
        Assert.True(File.Exists($"{venv}/share/man/man1/pyflame.1"), "venv/share/man/man1/pyflame.1 is missing");

        var venvPython = new PythonInstallation(python.Python with { Name = $"venv-{interpreter}", Program = $"{venv}/bin/python" });
        using TargetProcess target = TargetProcess.Start(venvPython, "busy.py");
        ChildProcessResult result = Isolated.Run($"{venv}/bin/pyflame", ["-s", "1", "-p", target.PidText]);
        ProfileAssert.Dominated(ProfileAssert.Succeeded(result), ExpectedStacks.Busy(target.Script), result);
        target.AssertAliveAndNotStopped();

        Succeeds(ChildProcess.Run($"{venv}/bin/python", ["-m", "pip", "uninstall", "-y", "pyflame-profiler"], PipTimeout));
        Assert.False(File.Exists($"{venv}/bin/pyflame"), "pip uninstall left venv/bin/pyflame behind");
    }

    private static void Succeeds(ChildProcessResult result) => Assert.True(result.ExitCode == 0, result.Describe());

    private static string ReadText(ZipArchiveEntry entry)
    {
        using var reader = new StreamReader(entry.Open());
        return reader.ReadToEnd();
    }
}
