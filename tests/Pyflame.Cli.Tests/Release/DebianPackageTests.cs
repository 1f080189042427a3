using System.IO.Compression;
using Pyflame.Cli.Tests.EndToEnd;

namespace Pyflame.Cli.Tests.Release;

/// <summary>The release .deb, installed with dpkg -i into a clean Debian 12 root and used from inside it.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class DebianPackageTests
{
    private static DebianRoot Root => DebianRoot.Instance;

    [Fact]
    public void Installs_with_dpkg_into_a_clean_debian_12_root()
    {
        Assert.True(Root.Install.ExitCode == 0, Root.Install.Describe());
        ChildProcessResult status = Root.Run("dpkg-query", "-W", "-f", "${Status} ${Version} ${Architecture} ${Depends}", "pyflame");
        Assert.True(status.ExitCode == 0, status.Describe());
        Assert.Equal($"install ok installed {ReleaseArtefacts.Instance.Version} amd64 libc6 (>= 2.34)", status.StdoutText);

        ChildProcessResult files = Root.Run("dpkg", "-L", "pyflame");
        foreach (string path in new[]
                 {
                     "/usr/bin/pyflame", "/usr/bin/flame-chart-json", "/usr/share/man/man1/pyflame.1.gz",
                     "/usr/share/bash-completion/completions/pyflame", "/usr/share/doc/pyflame/copyright",
                 })
        {
            Assert.Contains(path, files.StdoutText.Split('\n'));
            Assert.True(File.Exists(Root.Host(path)), $"{path} is missing from the root");
        }
    }

    /// <summary>The README's way: apt takes the local file (its only dependency, libc6, is already there: nothing to download).</summary>
    [Fact]
    public void Installs_with_apt_from_the_local_file_as_the_readme_says()
    {
        DebianRoot root = DebianRoot.Fresh("apt-get", "install", "-y");
        try
        {
            Assert.True(root.Install.ExitCode == 0, root.Install.Describe());
            ChildProcessResult version = root.Run("pyflame", "--version");
            Assert.True(version.ExitCode == 0, version.Describe());
            Assert.StartsWith($"pyflame {ReleaseArtefacts.Instance.Version}", version.StdoutText, StringComparison.Ordinal);
        }
        finally
        {
            Scratch.Remove(root.Path);
        }
    }

    [Fact]
    public void Profiles_the_roots_python3_by_pid_from_inside_the_root()
    {
        using RootTarget target = RootTarget.Start(Root, "busy.py");
        ChildProcessResult result = Root.Run("/usr/bin/pyflame", "-s", "1", "-p", target.PidText);
        ProfileAssert.Dominated(ProfileAssert.Succeeded(result), ExpectedStacks.Busy(target.Script), result);
        target.AssertAliveAndNotStopped();
    }

    [Fact]
    public void Profiles_the_roots_python3_in_trace_mode_from_inside_the_root()
    {
        string script = $"{DebianRoot.TargetsInside}/brief.py";
        string output = $"/tmp/trace-{Guid.NewGuid():N}.folded";
        // Two seconds of burn: enough samples in burn() to outweigh the interpreter's start-up imports.
        ChildProcessResult result = Root.Run("PYFLAME_E2E_BURN=2", "/usr/bin/pyflame", "-o", output, "-t", "/usr/bin/python3", script);
        Assert.True(result.ExitCode == 3, $"trace mode exits with the program's status (3)\n{result.Describe()}");
        ProfileAssert.NoStackTrace(result);
        TargetScript brief = TargetScript.Parse(script, File.ReadAllLines(RepoPaths.Target("brief.py")));
        FoldedProfile profile = ProfileAssert.Parse(File.ReadAllBytes(Root.Host(output)), result);
        ProfileAssert.ScriptDominated(profile, script,
            [brief.Frame(ExpectedStacks.Module, "module_call"), brief.Frame("run", "run_call"), brief.Frame("burn", "burn_hot")], result);
    }

    [Fact]
    public void Its_man_page_is_the_executables_own()
    {
        ChildProcessResult man = Root.Run("/usr/bin/pyflame", "--man");
        Assert.True(man.ExitCode == 0, man.Describe());
        using var gzip = new GZipStream(File.OpenRead(Root.Host("/usr/share/man/man1/pyflame.1.gz")), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        Assert.Equal(man.StdoutText, reader.ReadToEnd());
        Assert.StartsWith(".TH PYFLAME 1 ", man.StdoutText, StringComparison.Ordinal);
    }

    [Fact]
    public void Its_bash_completion_completes_options_and_formats_inside_the_root()
    {
        const string complete = "source /usr/share/bash-completion/completions/pyflame; "
            + "COMP_WORDS=(pyflame --form); COMP_CWORD=1; _pyflame; echo \"${COMPREPLY[*]}\"; "
            + "COMP_WORDS=(pyflame --format s); COMP_CWORD=2; _pyflame; echo \"${COMPREPLY[*]}\"";
        ChildProcessResult result = Root.Run("/bin/bash", "-c", complete);
        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Equal("--format\nsvg speedscope\n", result.StdoutText);
    }

    [Fact]
    public void Its_flame_chart_json_converts_the_installed_pyflames_output()
    {
        using RootTarget target = RootTarget.Start(Root, "busy.py");
        ChildProcessResult result = Root.Run("/bin/sh", "-c", "pyflame -T -s 0.3 -p \"$1\" | flame-chart-json", "sh", target.PidText);
        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.StartsWith("{", result.StdoutText, StringComparison.Ordinal);
        Assert.Contains("\"functionName\":\"inner\"", result.StdoutText, StringComparison.Ordinal);
    }
}
