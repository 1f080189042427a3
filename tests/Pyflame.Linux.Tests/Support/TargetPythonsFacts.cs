namespace Pyflame.Linux.Tests.Support;

public class TargetPythonsFacts
{
    [Fact]
    public void Every_expected_interpreter_is_installed()
    {
        IReadOnlyList<string> missing = TargetPythons.Missing;
        Assert.True(missing.Count == 0, "missing interpreters (set PYFLAME_ALLOW_MISSING_PYTHONS=1 elsewhere): " + string.Join(", ", missing));
    }
}
