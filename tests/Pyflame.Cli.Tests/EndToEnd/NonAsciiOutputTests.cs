using System.Text;

namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>héllo_ünï_日本.py in the other outputs: -d and -T print the exact UTF-8 names too (folded: <see cref="NonAsciiTests"/>).</summary>
[Collection(EndToEndCollection.Name)]
public sealed class NonAsciiOutputTests
{
    [Theory]
    [MemberData(nameof(PythonInstallations.Present), MemberType = typeof(PythonInstallations))]
    public void Dump_and_timestamped_output_keep_non_ascii_names_exact(string interpreter)
    {
        PythonInstallation python = PythonInstallations.Get(interpreter);
        using TargetProcess target = TargetProcess.Start(python, "héllo_ünï_日本.py");
        IReadOnlyList<string> expected = ExpectedStacks.NonAscii(target.Script, python);

        ChildProcessResult dump = PyflameRunner.Run("-d", "-p", target.PidText);
        Assert.True(dump.ExitCode == 0, dump.Describe());
        DumpThread thread = Assert.Single(DumpOutput.Parse(new UTF8Encoding(false, true).GetString(dump.Stdout)));
        Assert.Equal(expected.Reverse(), thread.Frames);

        ChildProcessResult chart = PyflameRunner.Run("-T", "-s", "0.3", "-p", target.PidText);
        Assert.True(chart.ExitCode == 0, chart.Describe());
        IReadOnlyList<FlameChartRecord> records = FlameChartOutput.Parse(new UTF8Encoding(false, true).GetString(chart.Stdout));
        string line = string.Join(';', expected) + ";";
        Assert.True(records.Count > 0 && records.Count(r => r.Stack == line) >= ProfileAssert.DominantShare * records.Count(r => r.Stack != "(idle)"),
            $"records are not mostly exactly '{line}'\n{chart.Describe()}");
        target.AssertAliveAndNotStopped();
    }
}
