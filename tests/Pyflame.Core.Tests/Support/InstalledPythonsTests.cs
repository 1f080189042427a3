namespace Pyflame.Core.Tests.Support;

public sealed class InstalledPythonsTests
{
    [Fact]
    public void EveryExpectedInterpreterIsPresentOnThisMachine()
    {
        // Theories over InstalledPythons.Present would silently shrink if an interpreter vanished.
        IReadOnlyList<string> missing = InstalledPythons.MissingExpected;
        Assert.True(
            missing.Count == 0,
            $"Missing interpreters (set {InstalledPythons.AllowMissingVariable}=1 on other machines): "
            + string.Join(", ", missing));
    }
}
