namespace Pyflame.Cli.Tests.EndToEnd;

public sealed class InterpreterPresenceTests
{
    /// <summary>The theories only run over present interpreters; this is what makes an absent one loud.</summary>
    [Fact]
    public void All_expected_interpreters_are_present_on_this_machine_kind()
    {
        IReadOnlyList<string> missing = PythonInstallations.Missing();
        Assert.True(missing.Count == 0, "missing interpreters (their e2e theories did not run): " + string.Join(", ", missing));
        Assert.Equal(PythonInstallations.Expected.Count, PythonInstallations.PresentNames().Count);
    }

    [Theory]
    [InlineData("embedded-3.11")]
    [InlineData("embedded-3.14")]
    public void The_embed_host_builds_and_is_not_named_python(string name)
    {
        PythonInstallation python = PythonInstallations.Get(name);
        IReadOnlyList<string> command = python.Launch(RepoPaths.Target("busy.py"));
        string host = command[python.InChroot ? 2 : 0];
        Assert.True(File.Exists(Path.Join(python.Python.Root, host)), host);
        Assert.Equal("embed_host", Path.GetFileName(host));
    }
}
