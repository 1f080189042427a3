namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>
/// Outputs that refuse the profile: a bad -o is refused before sampling (usage error, the target untouched), an
/// output that fails at the end keeps the profile in $TMPDIR and names it (exit 1), and -T stops sampling when its
/// reader has gone or its disk is full, keeping the records written before. Each gets one stderr line, never exit 70 or a stack trace.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class OutputErrorTests
{
    private static PythonInstallation Python => PythonInstallations.Get("pyenv-3.11");

    [Theory]
    [InlineData("/tmp", "is a directory")]
    [InlineData("/proc/version", "kernel file under /proc")]
    [InlineData("/no/such/directory/profile.svg", "the directory '/no/such/directory' does not exist")]
    public void Bad_output_path_is_a_usage_error_before_sampling(string path, string reason)
    {
        using TargetProcess target = TargetProcess.Start(Python, "busy.py");
        ChildProcessResult result = PyflameRunner.Run("-p", target.PidText, "-s", "30", "-o", path);
        ProfileAssert.CliError(result);
        Assert.True(result.ExitCode == 2, $"a bad -o is a usage error\n{result.Describe()}");
        Assert.Contains(reason, result.Stderr, StringComparison.Ordinal);
        target.AssertAliveAndNotStopped();
    }

    [Fact]
    public void Closed_stdout_is_refused_before_sampling()
    {
        using TargetProcess target = TargetProcess.Start(Python, "busy.py");
        // -s 30 under a 60 s timeout: the refusal must come before sampling, not after it.
        ChildProcessResult result = ShellPipeline.Run(">&-", null, "-p", target.PidText, "-s", "30");
        ProfileAssert.CliError(result);
        Assert.True(result.ExitCode == 1, result.Describe());
        Assert.Contains("stdout is closed", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("-o FILE", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-o /dev/full", "'/dev/full': no space left on the device")]
    [InlineData(">/dev/full", "stdout: no space left on the device")]
    [InlineData("| true", "stdout: the pipe's reader has gone")]
    public void Output_failing_at_the_end_keeps_the_profile_in_tmpdir_and_names_it(string redirect, string reason)
    {
        using TargetProcess target = TargetProcess.Start(Python, "busy.py");
        using TempDirectory tmp = new();
        string[] output = redirect.StartsWith("-o", StringComparison.Ordinal) ? redirect.Split(' ') : [];
        // "| true": the reader may quit before pyflame writes at all; the write then finds no reader.
        string tail = output.Length > 0 ? string.Empty : redirect;
        ChildProcessResult result = ShellPipeline.Run(tail, new Dictionary<string, string> { ["TMPDIR"] = tmp.Path }, ["-p", target.PidText, "-s", "0.3", .. output]);

        ProfileAssert.CliError(result);
        Assert.True(result.ExitCode == 1, result.Describe());
        Assert.Contains(reason, result.Stderr, StringComparison.Ordinal);
        string saved = Assert.Single(Directory.GetFiles(tmp.Path));
        Assert.Contains($"the profile was saved to {saved} instead", result.Stderr, StringComparison.Ordinal);
        FoldedProfile profile = FoldedProfile.Parse(File.ReadAllBytes(saved));
        Assert.True(profile.TotalSamples > 0, $"the saved profile is empty\n{result.Describe()}");
        target.AssertAliveAndNotStopped();
    }

    /// <summary>A disk that is full: the old profile stays as it was, no half-written file is left, the new one is saved elsewhere.</summary>
    [Fact]
    public void Full_disk_keeps_the_old_file_and_saves_the_profile_elsewhere()
    {
        using TargetProcess target = TargetProcess.Start(Python, "busy.py");
        using TempDirectory tmp = new();
        using SmallTmpfs disk = SmallTmpfs.Mount();
        string path = Path.Join(disk.Path, "profile.svg");
        File.WriteAllText(path, "old profile");
        disk.Fill();

        ChildProcessResult result = PyflameRunner.Run(new PyflameRunOptions { Environment = new Dictionary<string, string> { ["TMPDIR"] = tmp.Path } },
            "-p", target.PidText, "-s", "0.3", "-o", path);

        ProfileAssert.CliError(result);
        Assert.True(result.ExitCode == 1, result.Describe());
        Assert.Contains($"cannot write the profile to '{path}': no space left on the device", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("old profile", File.ReadAllText(path));
        Assert.Equal(new[] { disk.FillerPath, path }.Order(), Directory.GetFiles(disk.Path).Order());
        string saved = Assert.Single(Directory.GetFiles(tmp.Path));
        Assert.EndsWith(".svg", saved, StringComparison.Ordinal);
        Assert.StartsWith("<?xml", File.ReadAllText(saved), StringComparison.Ordinal);
        target.AssertAliveAndNotStopped();
    }

    [Fact]
    public void Flame_chart_stops_sampling_when_the_pipe_reader_has_gone()
    {
        using TargetProcess target = TargetProcess.Start(Python, "busy.py");
        // -s 600 under the 60 s timeout: only stopping when head quits can end this run in time.
        ChildProcessResult result = ShellPipeline.Run("| head -1 >/dev/null", null, "-T", "-p", target.PidText, "-s", "600");
        ProfileAssert.CliError(result);
        Assert.True(result.ExitCode == 1, result.Describe());
        Assert.Contains("cannot write the profile to stdout: the pipe's reader has gone", result.Stderr, StringComparison.Ordinal);
        target.AssertAliveAndNotStopped();
    }

    /// <summary>-T streams: when the disk fills mid-run, the records written so far stay in FILE, cut to whole records.</summary>
    [Fact]
    public void Flame_chart_filling_the_disk_keeps_the_records_written_before()
    {
        using TargetProcess target = TargetProcess.Start(Python, "busy.py");
        using SmallTmpfs disk = SmallTmpfs.Mount();
        string path = Path.Join(disk.Path, "chart.txt");
        disk.Fill();
        disk.Free(16 << 10);

        // -s 600 under the 60 s timeout: 16 KiB of records fill up within seconds, which must end the run.
        ChildProcessResult result = PyflameRunner.Run("-T", "-p", target.PidText, "-s", "600", "-o", path);

        ProfileAssert.CliError(result);
        Assert.True(result.ExitCode == 1, result.Describe());
        Assert.Contains($"cannot write the profile to '{path}': no space left on the device; the samples written before it are kept in '{path}'", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(new[] { disk.FillerPath, path }.Order(), Directory.GetFiles(disk.Path).Order());
        IReadOnlyList<FlameChartRecord> records = FlameChartOutput.Parse(File.ReadAllText(path));
        string busy = string.Join(';', ExpectedStacks.Busy(target.Script)) + ";";
        Assert.True(records.Count > 0 && records.Any(r => r.Stack == busy), $"{records.Count} records kept, none of them '{busy}'\n{result.Describe()}");
        target.AssertAliveAndNotStopped();
    }

    [Fact]
    public void Output_file_is_replaced_whole_through_a_symbolic_link()
    {
        using TargetProcess target = TargetProcess.Start(Python, "busy.py");
        using TempDirectory dir = new();
        string file = Path.Join(dir.Path, "profile.txt");
        string link = Path.Join(dir.Path, "link.txt");
        File.WriteAllText(file, "old profile");
        File.CreateSymbolicLink(link, "profile.txt");

        ChildProcessResult result = PyflameRunner.Run("-p", target.PidText, "-s", "0.3", "-o", link);

        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.NotNull(new FileInfo(link).LinkTarget);
        Assert.True(FoldedProfile.Parse(File.ReadAllBytes(file)).TotalSamples > 0, result.Describe());
        Assert.Equal(["link.txt", "profile.txt"], Directory.GetFiles(dir.Path).Select(f => Path.GetFileName(f)).Order().ToArray());
    }
}
