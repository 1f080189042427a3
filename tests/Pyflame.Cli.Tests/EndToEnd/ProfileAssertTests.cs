using System.Text;
using Xunit;
using Xunit.Sdk;

namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>The stack-trace check must tell a .NET crash from a profile of Python code whose names say "Exception".</summary>
public sealed class ProfileAssertTests
{
    private static ChildProcessResult Result(string stdout, string stderr = "") =>
        new("pyflame -p 1", 0, Encoding.UTF8.GetBytes(stdout), stderr);

    [Fact]
    public void A_python_frame_named_like_an_exception_is_not_a_stack_trace()
    {
        ProfileAssert.NoStackTrace(Result(
            "/usr/lib/python3.11/unittest/suite.py:run:122;/usr/lib/python3.11/unittest/suite.py:_addClassOrModuleLevelException:238 3\n"));
    }

    [Theory]
    [InlineData("System.InvalidOperationException: broken\n")]
    [InlineData("Unhandled exception. System.IO.IOException: gone\n")]
    [InlineData("(idle) 3\n   at Pyflame.Cli.Program.Main(String[] args)\n")]
    public void Exception_text_on_stdout_fails(string stdout)
    {
        Assert.Throws<FalseException>(() => ProfileAssert.NoStackTrace(Result(stdout)));
    }

    [Fact]
    public void Exception_text_anywhere_on_stderr_fails()
    {
        Assert.Throws<FalseException>(() => ProfileAssert.NoStackTrace(Result("", "pyflame: failed: System.Exception: x\n")));
    }
}
