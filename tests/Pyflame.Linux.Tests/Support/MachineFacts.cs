namespace Pyflame.Linux.Tests.Support;

public class MachineFacts
{
    /// <summary>The live tests need this interpreter; on this machine kind its absence is a failure, not a skip.</summary>
    [Fact]
    public void Python_3_12_target_interpreter_is_installed()
    {
        Assert.True(File.Exists(PythonTarget.Python312), $"{PythonTarget.Python312} is missing; live Linux tests cannot run");
    }
}
