namespace Pyflame.Cli.Tests.EndToEnd.Live;

/// <summary>The progress line: on a terminal's stderr while the profile goes to a file, erased at the end; absent when stderr is a file.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class ProgressLineTests
{
    [Theory]
    [MemberData(nameof(LiveViewTests.Versions), MemberType = typeof(LiveViewTests))]
    public void Shows_while_recording_to_a_file_and_is_erased_at_the_end(string interpreter)
    {
        using TargetProcess target = TargetProcess.Start(PythonInstallations.Get(interpreter), "busy.py");
        string file = Path.Combine(Path.GetTempPath(), $"pyflame-e2e-{Guid.NewGuid():N}.folded");
        try
        {
            using TmuxPane pane = TmuxPane.Start(LiveCommand.Pyflame("-s", "4", "-o", file, "-p", target.PidText));

            string during = pane.WaitForScreen(s => s.Contains("pyflame: recording ", StringComparison.Ordinal) && s.Contains("/4 s · ", StringComparison.Ordinal), "the progress line");
            (int status, string after) = pane.WaitForExit();

            Assert.Matches(@"pyflame: recording \d+\.\d/4 s · \d+ samples · \d+/s · 0 errors", during);
            Assert.True(status == 0, after);
            Assert.DoesNotContain("recording", after, StringComparison.Ordinal);
            Assert.Contains($";{target.Script.Path}:inner:{target.Script.Line("inner_hot")} ", File.ReadAllText(file), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [MemberData(nameof(LiveViewTests.Versions), MemberType = typeof(LiveViewTests))]
    public void Is_not_written_when_stderr_is_a_file(string interpreter)
    {
        using TargetProcess target = TargetProcess.Start(PythonInstallations.Get(interpreter), "busy.py");
        string file = Path.Combine(Path.GetTempPath(), $"pyflame-e2e-{Guid.NewGuid():N}.folded");
        string errors = file + ".err";
        try
        {
            using TmuxPane pane = TmuxPane.Start(LiveCommand.Pyflame("-s", "2", "-o", file, "-p", target.PidText) + " 2>" + TmuxPane.Quote(errors));

            (int status, string after) = pane.WaitForExit();

            Assert.True(status == 0, after);
            // Notes (e.g. late samples on a busy machine) may be there; the progress line and its control characters not.
            string written = File.ReadAllText(errors);
            Assert.DoesNotContain("recording", written, StringComparison.Ordinal);
            Assert.DoesNotContain('\r', written);
            Assert.DoesNotContain('\e', written);
            Assert.True(new FileInfo(file).Length > 0, after);
        }
        finally
        {
            File.Delete(file);
            File.Delete(errors);
        }
    }
}
