using System.Text;

namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>héllo_ünï_日本.py: UTF-8 file name, and on 3.x function names of every PEP 393 width.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class NonAsciiTests
{
    [Theory]
    [MemberData(nameof(PythonInstallations.Present), MemberType = typeof(PythonInstallations))]
    public void File_and_function_names_come_out_as_exact_utf8(string interpreter)
    {
        PythonInstallation python = PythonInstallations.Get(interpreter);
        using TargetProcess target = TargetProcess.Start(python, "héllo_ünï_日本.py");
        ChildProcessResult result = PyflameRunner.Run("-p", target.PidText, "-s", Durations.Short);
        FoldedProfile profile = ProfileAssert.Succeeded(result);
        IReadOnlyList<string> expected = ExpectedStacks.NonAscii(target.Script, python);
        ProfileAssert.Dominated(profile, expected, result);
        // Byte-level check too: the leaf frame's exact UTF-8 encoding is in the raw output.
        byte[] leaf = Encoding.UTF8.GetBytes(expected[^1]);
        Assert.True(result.Stdout.AsSpan().IndexOf(leaf) >= 0, $"raw UTF-8 bytes of '{expected[^1]}' not found\n{result.Describe()}");
        target.AssertAliveAndNotStopped();
    }
}
